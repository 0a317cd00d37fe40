package org.cabinetgw.deploy.internal;

/**
 * The download options a DEPLOY-V2 request may carry, as Kura's deployment service reads them and Kapua sends them
 * (Kapua's defaults: block size 10240 or, through a slip in its service, its notify block size 51200; delay 0;
 * timeout 60000), applied within the integrator's limits: a request can make a download slower, more patient for
 * less time, or more talkative up to a bound, never hold the one deploy worker longer than the agent's settings
 * allow nor flood the uplink. 0 is "not given": the gateway decides, as on Kura for the sizes.
 *
 * @param blockSize        {@code dp.download.block.size}: bytes read at a time, and the unit of the pace
 * @param notifyBlockSize  {@code dp.download.notify.block.size}: a progress notification every that many bytes
 * @param timeoutMillis    {@code dp.download.timeout}: how long to wait for the server, to connect and for each block
 * @param blockDelayMillis {@code dp.download.block.delay}: the pause after each block, to spare a slow or metered link
 */
record DownloadOptions(int blockSize, int notifyBlockSize, int timeoutMillis, int blockDelayMillis) {

    static final DownloadOptions NONE = new DownloadOptions(0, 0, 0, 0);

    static final String BLOCK_SIZE = "dp.download.block.size";
    static final String NOTIFY_BLOCK_SIZE = "dp.download.notify.block.size";
    static final String TIMEOUT = "dp.download.timeout";
    static final String BLOCK_DELAY = "dp.download.block.delay";

    /** The agent's own read size; a larger block changes nothing but the pace's unit. */
    static final int MAX_READ = 64 * 1024;
    /** Smaller reads only cost the gateway's CPU (each read is a loop turn with its checks); Kura's default is 4096. */
    static final int MIN_READ = 1024;
    /** A requested timeout under one second is taken as one second: it is more likely a value in seconds than a wish. */
    static final int MIN_TIMEOUT_MILLIS = 1000;
    /** At most this many progress notifications per download, whatever the notify block size (each is queued durably). */
    static final int MAX_NOTIFICATIONS = 100;

    /** How many bytes to ask for at a time. */
    int readSize() {
        return blockSize == 0 ? MAX_READ : Math.max(MIN_READ, Math.min(MAX_READ, blockSize));
    }

    /** The timeout to use: the configured one, or the request's when that is shorter (never under a second). */
    int timeout(int configuredMillis) {
        return timeoutMillis == 0 ? configuredMillis : Math.min(configuredMillis, Math.max(MIN_TIMEOUT_MILLIS, timeoutMillis));
    }

    /** Whether the download is paced: a pause of {@code blockDelayMillis} per {@code blockSize} bytes (the read size). */
    boolean paced() {
        return blockDelayMillis > 0;
    }

    /**
     * The bytes between two progress notifications for a download of {@code total} bytes (-1: unknown, then the
     * size limit stands for it), or 0 when the request gave none (the agent's percentage step applies).
     */
    long notifyEvery(long total, long maxBytes) {
        if (notifyBlockSize == 0) {
            return 0;
        }
        long size = total > 0 ? total : maxBytes;
        return Math.max(notifyBlockSize, (size + MAX_NOTIFICATIONS - 1) / MAX_NOTIFICATIONS);
    }
}
