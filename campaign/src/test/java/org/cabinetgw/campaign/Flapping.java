package org.cabinetgw.campaign;

import java.io.IOException;

/** A link whose far end goes down and up every {@code periodMillis} until closed, then stays up. */
final class Flapping implements AutoCloseable {

    private final CabinetNetwork net;
    private final String link;
    private final Thread thread;
    private volatile boolean running = true;

    private Flapping(CabinetNetwork net, String link, long periodMillis) {
        this.net = net;
        this.link = link;
        thread = new Thread(() -> {
            boolean up = false;
            try {
                while (running) {
                    net.carrier(link, up);
                    up = !up;
                    Thread.sleep(periodMillis);
                }
            } catch (IOException | InterruptedException e) {
                // stopped
            }
        }, "campaign-flapping-" + link);
        thread.setDaemon(true);
        thread.start();
    }

    static Flapping start(CabinetNetwork net, String link, long periodMillis) {
        return new Flapping(net, link, periodMillis);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        net.carrier(link, true);
    }
}
