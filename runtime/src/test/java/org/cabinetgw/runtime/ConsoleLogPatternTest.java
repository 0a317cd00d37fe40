package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * The console pattern of the shipped logback.xml: one line per event, an exception's message and its causes' on
 * that line, never a stack frame. What Declarative Services logs when a package's component throws in activate
 * (the deploy agent rolls it back: an expected fault) printed a trace on the console nine times per package
 * (the fault campaign counted them); the old pattern {@code %ex{short}} printed a frame per exception.
 */
class ConsoleLogPatternTest {

    private static String consolePattern() throws IOException {
        try (InputStream in = DataDirectory.class.getResourceAsStream("logback.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("name=\"CONSOLE\".*?<pattern>(.*?)</pattern>", Pattern.DOTALL).matcher(xml);
            assertThat(m.find()).as("the CONSOLE appender's pattern in logback.xml").isTrue();
            return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }
    }

    private static String layout(String message, Throwable t) throws IOException {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(consolePattern());
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("org.cabinetgw.deploy.fixture.internal.FixtureComponent"),
                Level.ERROR, message, t, null);
        return layout.doLayout(event);
    }

    @Test
    void anExceptionWithACauseIsOneLineWithBothMessagesAndNoFrame() throws IOException {
        Exception thrown = new RuntimeException("component activation failed",
                new IllegalStateException("deploy fixture 3.0.0 fails in activate on purpose"));

        String out = layout("The activate method has thrown an exception", thrown);

        assertThat(out).endsWith(System.lineSeparator());
        assertThat(out.strip()).doesNotContain("\n").doesNotContain("\r");
        assertThat(out).doesNotContainPattern("\\bat [\\w$.]+\\(");
        assertThat(out).contains("The activate method has thrown an exception: java.lang.RuntimeException: component"
                + " activation failed; Caused by: java.lang.IllegalStateException: deploy fixture 3.0.0 fails in activate"
                + " on purpose");
    }

    @Test
    void aLineWithoutExceptionIsTheMessageAlone() throws IOException {
        String out = layout("Uplink switched from MQTT to HTTP", null);

        assertThat(out).endsWith(" - Uplink switched from MQTT to HTTP" + System.lineSeparator());
    }
}
