package org.cabinetgw.uplink.internal.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command answers (replies and notifications) that could not be published when they were given: kept on
 * disk, one file each, and published by whichever command channel is connected next, of this bundle or of
 * the next version of it. The case that needs it: the cloud updates the uplink's own package; the deploy
 * agent reports the job's end through the channel the request came in on, which the update has just closed.
 * <p>
 * A file is {@code u16 topic length, topic (UTF-8), payload}, written to a temporary name and moved into
 * place, so a crash leaves either the whole answer or none. At most {@link #MAX_ANSWERS} are kept (an answer
 * is small; a cloud that went away for good must not fill the disk): beyond, the oldest goes.
 */
final class CommandOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(CommandOutbox.class);
    static final int MAX_ANSWERS = 1000;
    private static final String SUFFIX = ".answer";
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** One kept answer. */
    record Answer(Path file, String topic, byte[] payload) {
    }

    private final Path directory;

    CommandOutbox(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Keeps an answer; false (and a log line) when the disk refuses. */
    boolean keep(String topic, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        if (t.length > 0xFFFF || t.length + payload.length + 2 > MAX_FILE_BYTES) {
            LOG.warn("Command answer on {} not kept: too large", CommandTopics.clip(topic));
            return false;
        }
        try {
            Files.createDirectories(directory);
            // names sort by time of keeping, so answers go out in the order they were given
            // the clock's nanoseconds too: an old and a new version of this bundle may keep answers in the same ms
            String name = String.format("%016d-%020d-%08d", System.currentTimeMillis(), System.nanoTime() & Long.MAX_VALUE,
                    SEQUENCE.incrementAndGet() % 100_000_000);
            Path tmp = directory.resolve(name + ".tmp");
            ByteBuffer b = ByteBuffer.allocate(2 + t.length + payload.length);
            b.putShort((short) t.length).put(t).put(payload);
            Files.write(tmp, b.array());
            Files.move(tmp, directory.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            trim();
            return true;
        } catch (IOException e) {
            LOG.warn("Command answer on {} not kept: {}", CommandTopics.clip(topic), e.toString());
            return false;
        }
    }

    /** What waits, oldest first. A file that makes no sense is removed with a log line, never thrown. */
    List<Answer> pending() {
        List<Answer> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
                if (b.remaining() < 2) {
                    throw new IOException("truncated");
                }
                int topicLength = b.getShort() & 0xFFFF;
                if (topicLength == 0 || topicLength > b.remaining()) {
                    throw new IOException("topic length " + topicLength + " does not fit");
                }
                byte[] topic = new byte[topicLength];
                b.get(topic);
                byte[] payload = new byte[b.remaining()];
                b.get(payload);
                out.add(new Answer(f, new String(topic, StandardCharsets.UTF_8), payload));
            } catch (NoSuchFileException gone) {
                // sent meanwhile by another channel
            } catch (IOException e) {
                LOG.warn("Kept command answer {} removed, it cannot be read: {}", f.getFileName(), e.getMessage());
                delete(f);
            }
        }
        return out;
    }

    /** The answer went out. */
    void sent(Answer answer) {
        delete(answer.file());
    }

    private void trim() {
        List<Path> all = files();
        for (int i = 0; i < all.size() - MAX_ANSWERS; i++) {
            LOG.warn("Command answer {} dropped: more than {} answers wait for a connection", all.get(i).getFileName(),
                    MAX_ANSWERS);
            delete(all.get(i));
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the command outbox {}: {}", directory, e.toString());
            return List.of();
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", f, e.toString());
        }
    }
}
