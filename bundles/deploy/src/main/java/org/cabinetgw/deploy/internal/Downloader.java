package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fetches a package over HTTPS (or HTTP when allowed) into a file, with a connect timeout, a read
 * timeout, an overall deadline and a size limit, reporting progress; computes the SHA-256 on the
 * way. Redirects are not followed: the URL the requester signed off is the URL fetched.
 *
 * <p>The size limit holds whatever the server says: the file never grows past it and at most one byte more
 * is read from the network (a server may send no length, or lie about it). The disk keeps
 * {@link #FREE_SPACE_RESERVE} bytes free: checked before (for the announced length, or the limit when there
 * is none) and after every {@link #SPACE_CHECK_BYTES} written, since other writers share the disk.
 *
 * <p>Failure messages are detailed (host, port, HTTP status, TLS): for the gateway's log and journal. They are
 * not for the requester, who could use them to map the gateway's network (see the agent's runDownload).
 */
final class Downloader {

    /**
     * Left free on the data directory's disk: the journal, the uplink's queue, logs and configuration must
     * still be written when a download ends. 32 MiB is several days of the gateway's own writing.
     */
    static final long FREE_SPACE_RESERVE = 32L * 1024 * 1024;
    static final long SPACE_CHECK_BYTES = 1024 * 1024;

    /** The usable space of the file system holding a path; a parameter so that tests can play a full disk. */
    interface DiskSpace {
        long usable(Path dir) throws IOException;
    }

    /**
     * Called as bytes arrive, and again with the same counts while a paced download pauses (so that a cancel is seen
     * during the pause); {@code total} is -1 when the server did not say. Throwing stops the download.
     */
    interface Progress {
        void onProgress(long received, long total) throws IOException;
    }

    /** A download that did not complete; the message says why in words an operator can act on. */
    static final class DownloadException extends IOException {
        private static final long serialVersionUID = 1L;

        DownloadException(String message) {
            super(message);
        }
    }

    record Result(Path file, long size, String sha256) {
    }

    private final AgentSettings settings;
    private final DiskSpace space;
    /**
     * Set when the agent stops: checked between reads. A read blocked on a silent server cannot be cut
     * short (HttpURLConnection ignores interrupts, and closing it from another thread waits for the
     * same read), so a stalled download ends at the latest after the read timeout.
     */
    private volatile boolean aborted;

    Downloader(AgentSettings settings) {
        this(settings, dir -> Files.getFileStore(dir).getUsableSpace());
    }

    Downloader(AgentSettings settings, DiskSpace space) {
        this.settings = settings;
        this.space = space;
    }

    /** Ends the download in progress (at its next read, see {@link #aborted}); later fetches fail. */
    void abort() {
        aborted = true;
    }

    Result fetch(URI uri, Path target, Progress progress) throws IOException {
        return fetch(uri, target, DownloadOptions.NONE, progress);
    }

    /**
     * Fetches with a request's options: reads of {@link DownloadOptions#readSize()} bytes, the request's timeout
     * when it is shorter than the agent's (connect and stall alike), and, when paced, no faster than one block per
     * block delay. The agent's deadline, size limit and disk reserve hold whatever the request says.
     */
    Result fetch(URI uri, Path target, DownloadOptions options, Progress progress) throws IOException {
        long start = System.nanoTime();
        long deadline = start + settings.deadlineMillis() * 1_000_000L;
        int readTimeout = options.timeout(settings.readTimeoutMillis());
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
        } catch (IllegalArgumentException e) {
            throw new DownloadException("cannot open " + uri + ": " + e.getMessage());
        }
        c.setConnectTimeout(options.timeout(settings.connectTimeoutMillis()));
        c.setReadTimeout(readTimeout);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        try {
            if (aborted) {
                throw new DownloadException("the deploy agent is stopping");
            }
            int status;
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new DownloadException(uri.getHost() + " did not answer within the timeout");
            } catch (IOException e) {
                throw new DownloadException("cannot reach " + uri.getHost() + ":" + port(uri) + ": " + e.getMessage());
            }
            if (status != 200) {
                throw new DownloadException("the server answered HTTP " + status + " for " + uri.getPath());
            }
            long total = c.getContentLengthLong();
            if (total > settings.maxBytes()) {
                throw new DownloadException("the package has " + total + " bytes, more than the limit of " + settings.maxBytes());
            }
            Path dir = target.toAbsolutePath().getParent();
            long needed = (total >= 0 ? total : settings.maxBytes()) + FREE_SPACE_RESERVE;
            long free = space.usable(dir);
            if (free < needed) {
                throw new DownloadException("not enough free space in " + dir + ": " + free + " bytes, " + needed
                        + " needed (the package" + (total >= 0 ? "" : " at its limit, the server gave no length")
                        + " and " + FREE_SPACE_RESERVE + " kept free)");
            }
            MessageDigest sha = sha256();
            long received = 0;
            long nextSpaceCheck = SPACE_CHECK_BYTES;
            byte[] buffer = new byte[options.readSize()];
            // What may be read: the announced length, else the limit. Never more than one byte past it: enough to
            // know the server sends more (Java's client reads past a Content-Length the server does not keep to).
            long limit = total >= 0 ? total : settings.maxBytes();
            if (options.paced() && total >= 0) {
                checkPace(options, start, deadline, total); // known length: refused before the first byte
            }
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
                for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - received + 1))) > 0;) {
                    if (aborted) {
                        throw new DownloadException("the deploy agent stopped during the download");
                    }
                    received += n;
                    if (received > limit) {
                        throw new DownloadException(total >= 0 ? "the server sent more than the " + total + " bytes it announced"
                                : "the package exceeds the limit of " + settings.maxBytes() + " bytes");
                    }
                    if (received >= nextSpaceCheck) {
                        nextSpaceCheck += SPACE_CHECK_BYTES;
                        if (space.usable(dir) < FREE_SPACE_RESERVE) {
                            throw new DownloadException("the disk of " + dir + " is filling up: stopped after " + received
                                    + " bytes to keep " + FREE_SPACE_RESERVE + " free");
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new DownloadException("the download took longer than " + settings.deadlineMillis() / 1000 + " s");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    progress.onProgress(received, total);
                    if (options.paced()) {
                        keepPace(options, start, deadline, received, total, progress);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new DownloadException("the download stalled for longer than " + seconds(readTimeout) + " s"
                        + (readTimeout < settings.readTimeoutMillis() ? " (the request's " + DownloadOptions.TIMEOUT + ")" : ""));
            }
            if (total >= 0 && received != total) {
                throw new DownloadException("the download ended after " + received + " of " + total + " bytes");
            }
            return new Result(target, received, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw aborted ? new DownloadException("the deploy agent stopped during the download") : e;
        } finally {
            c.disconnect();
        }
    }

    /** How often a pause looks whether the download was cancelled or the agent stops. */
    static final long PAUSE_SLICE_MILLIS = 100;

    /**
     * Waits until the bytes received are within the pace the request asked for: one block (the read size) per block
     * delay since the start. A pause that would end past the deadline fails the download at once, naming the pace.
     */
    private void keepPace(DownloadOptions options, long start, long deadline, long received, long total, Progress progress)
            throws IOException {
        long due = checkPace(options, start, deadline, received);
        for (long now; (now = System.nanoTime()) < due;) {
            if (aborted) {
                throw new DownloadException("the deploy agent stopped during the download");
            }
            progress.onProgress(received, total); // throws when cancelled meanwhile
            try {
                Thread.sleep(Math.min(PAUSE_SLICE_MILLIS, (due - now) / 1_000_000L + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException("the download was interrupted");
            }
        }
    }

    /** When {@code bytes} may have been received at the request's pace; a time at or past the deadline is refused. */
    private long checkPace(DownloadOptions options, long start, long deadline, long bytes) throws DownloadException {
        long blocks = (bytes + options.readSize() - 1) / options.readSize();
        long due = start + blocks * options.blockDelayMillis() * 1_000_000L;
        if (due >= deadline) {
            throw new DownloadException("the download cannot keep the pace the request asked for (" + options.readSize()
                    + " bytes every " + options.blockDelayMillis() + " ms, " + DownloadOptions.BLOCK_SIZE + " and "
                    + DownloadOptions.BLOCK_DELAY + ") within the deadline of " + settings.deadlineMillis() / 1000 + " s");
        }
        return due;
    }

    private static String seconds(int millis) {
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
