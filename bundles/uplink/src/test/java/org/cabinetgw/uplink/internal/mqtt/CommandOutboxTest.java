package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandOutboxTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void answersComeBackInTheOrderTheyWereKeptAndGoOnceSent() throws Exception {
        CommandOutbox outbox = new CommandOutbox(dir);
        for (int i = 0; i < 5; i++) {
            assertThat(outbox.keep("cab/gw/DEPLOY-V2/NOTIFY/cloud/install", bytes("{\"n\":" + i + "}"))).isTrue();
        }
        List<CommandOutbox.Answer> pending = new CommandOutbox(dir).pending(); // another instance: a later bundle
        assertThat(pending).extracting(a -> new String(a.payload(), StandardCharsets.UTF_8))
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        assertThat(pending.get(0).topic()).isEqualTo("cab/gw/DEPLOY-V2/NOTIFY/cloud/install");
        pending.forEach(outbox::sent);
        assertThat(outbox.pending()).isEmpty();
        assertThat(files()).isZero();
    }

    @Test
    void anEmptyPayloadAndAUnicodeTopicSurvive() {
        CommandOutbox outbox = new CommandOutbox(dir);
        outbox.keep("cab/Zähler/€", new byte[0]);
        assertThat(outbox.pending()).singleElement().satisfies(a -> {
            assertThat(a.topic()).isEqualTo("cab/Zähler/€");
            assertThat(a.payload()).isEmpty();
        });
    }

    @Test
    void hostileFilesAreRemovedWithoutThrowingAndTheGoodOnesStay() throws Exception {
        CommandOutbox outbox = new CommandOutbox(dir);
        outbox.keep("cab/good", bytes("{}"));
        Files.write(dir.resolve("0000000000000000-empty.answer"), new byte[0]);
        Files.write(dir.resolve("0000000000000001-short.answer"), new byte[] { 0 });
        Files.write(dir.resolve("0000000000000002-overflow.answer"), new byte[] { (byte) 0xFF, (byte) 0xFF, 'a' });
        Files.write(dir.resolve("0000000000000003-notopic.answer"), new byte[] { 0, 0, '{', '}' });
        Files.write(dir.resolve("0000000000000004-huge.answer"), new byte[(1 << 20) + 1]);
        Files.write(dir.resolve("stray.txt"), bytes("not an answer"));
        assertThat(outbox.pending()).extracting(CommandOutbox.Answer::topic).containsExactly("cab/good");
        assertThat(files()).as("the good answer and the stray file").isEqualTo(2);
    }

    @Test
    void atMostMaxAnswersAreKeptTheOldestGoFirst() {
        CommandOutbox outbox = new CommandOutbox(dir);
        for (int i = 0; i < CommandOutbox.MAX_ANSWERS + 5; i++) {
            outbox.keep("cab/t", bytes(Integer.toString(i)));
        }
        List<CommandOutbox.Answer> pending = outbox.pending();
        assertThat(pending).hasSize(CommandOutbox.MAX_ANSWERS);
        assertThat(new String(pending.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("5");
    }

    @Test
    void aDirectoryThatCannotBeWrittenRefusesWithoutThrowing() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CommandOutbox outbox = new CommandOutbox(file.resolve("outbox")); // below a file: cannot exist
        assertThat(outbox.keep("cab/t", bytes("{}"))).isFalse();
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void aTopicTooLongForItsLengthFieldIsRefused() {
        CommandOutbox outbox = new CommandOutbox(dir);
        assertThat(outbox.keep("t".repeat(70_000), bytes("{}"))).isFalse();
    }
}
