package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PIDs a component descriptor names, read with the JDK's XML parser; hostile descriptors refused. */
class ComponentDescriptorsTest {

    private static final String SCR = "http://www.osgi.org/xmlns/scr/v1.4.0";

    @Test
    void aComponentReadsItsConfigurationPidElseItsName() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="%s" name="org.example.Uplink"
                    configuration-pid="org.cabinetgw.uplink" configuration-policy="optional" immediate="true">
                  <implementation class="org.example.Uplink"/>
                </scr:component>""".formatted(SCR);
        assertThat(ComponentDescriptors.configurationPids(xml)).containsExactly("org.cabinetgw.uplink");
        assertThat(ComponentDescriptors.configurationPids("<component name=\"org.example.Plain\" immediate=\"true\"/>"))
                .containsExactly("org.example.Plain");
        assertThat(ComponentDescriptors.configurationPids("<scr:component xmlns:scr=\"" + SCR
                + "\" name=\"org.example.Two\" configuration-pid=\"$ org.cabinetgw.shared\"/>"))
                .containsExactly("org.example.Two", "org.cabinetgw.shared");
    }

    @Test
    void legalXmlThatPatternsMisreadIsReadAsXml() throws Exception {
        // a commented-out component, single quotes, an entity in a value, several components under a wrapper
        String xml = """
                <?xml version="1.0"?>
                <components xmlns:scr="%s">
                  <!-- <scr:component name="org.example.Commented"/> -->
                  <scr:component name='org.example.Single' configuration-pid='a.b&amp;c'/>
                  <scr:component
                      name="org.example.Named"><![CDATA[<scr:component name="org.example.InCdata"/>]]></scr:component>
                  <component name="org.example.NoNamespaceNotRoot"/>
                  <other:component xmlns:other="urn:other" name="org.example.OtherNamespace"/>
                </components>""".formatted(SCR);
        assertThat(ComponentDescriptors.configurationPids(xml)).containsExactly("a.b&c", "org.example.Named");
    }

    @Test
    void noComponentNoPid() throws Exception {
        assertThat(ComponentDescriptors.configurationPids("<implementation class=\"x\"/>")).isEmpty();
        assertThat(ComponentDescriptors.configurationPids(
                "<scr:component xmlns:scr=\"" + SCR + "\" configuration-policy=\"optional\"/>")).isEmpty();
        assertThat(ComponentDescriptors.configurationPids(
                "<scr:component xmlns:scr=\"" + SCR + "\" name=\"  \" configuration-pid=\" $ \"/>")).isEmpty();
    }

    @Test
    void malformedXmlIsNamedByItsLine() {
        assertThatThrownBy(() -> ComponentDescriptors.configurationPids(""))
                .isInstanceOf(ComponentDescriptors.Unreadable.class);
        assertThatThrownBy(() -> ComponentDescriptors.configurationPids(
                "<scr:component xmlns:scr=\"" + SCR + "\"\n name=\"org.example.Unclosed\">\n<implementation/>"))
                .isInstanceOf(ComponentDescriptors.Unreadable.class).hasMessageStartingWith("line 3:");
        assertThatThrownBy(() -> ComponentDescriptors.configurationPids("<component name=\"a\" name=\"b\"/>"))
                .isInstanceOf(ComponentDescriptors.Unreadable.class).hasMessageStartingWith("line 1:");
    }

    @Test
    void entityExpansionIsRefusedAtTheDoctypeAtOnce() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE c [\n<!ENTITY l0 \"lol\">\n");
        for (int i = 1; i <= 12; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        laughs.append("]>\n<component name=\"&l12;\"/>");
        long start = System.nanoTime();
        assertThatThrownBy(() -> ComponentDescriptors.configurationPids(laughs.toString()))
                .isInstanceOf(ComponentDescriptors.Unreadable.class).hasMessageContaining("DOCTYPE");
        // refused at the declaration, not after expanding 10^12 characters (generous for a loaded machine)
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "org.example.Secret");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<component name=\"&x;\"/>";
        assertThatThrownBy(() -> ComponentDescriptors.configurationPids(xxe))
                .isInstanceOf(ComponentDescriptors.Unreadable.class).hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("org.example.Secret");
    }

    @Test
    void anExternalDtdOrXIncludeIsNeverFetched() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            accepter.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
            assertThatThrownBy(() -> ComponentDescriptors.configurationPids("<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE component SYSTEM \"" + url + "\">\n<component name=\"a\"/>"))
                    .isInstanceOf(ComponentDescriptors.Unreadable.class);
            assertThatThrownBy(() -> ComponentDescriptors.configurationPids("<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE c [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>\n<component name=\"a\"/>"))
                    .isInstanceOf(ComponentDescriptors.Unreadable.class);
            // XInclude is not processed: the include element is just an element, the component is read
            assertThat(ComponentDescriptors.configurationPids("<component xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                    + " name=\"a\"><xi:include href=\"" + url + "\"/></component>")).containsExactly("a");
            server.close();
            accepter.join(10_000);
        }
        assertThat(connections).hasValue(0);
    }
}
