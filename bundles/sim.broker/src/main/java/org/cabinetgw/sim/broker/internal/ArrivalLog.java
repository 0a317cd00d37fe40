package org.cabinetgw.sim.broker.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the messages arriving at the stand-in cloud: one INFO line each (topic, size, QoS, client) and a
 * count. Moquette calls it on its interceptor thread and releases the payload itself afterwards.
 */
final class ArrivalLog extends AbstractInterceptHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ArrivalLog.class);

    private final boolean logEach;
    private final AtomicLong received = new AtomicLong();

    ArrivalLog(boolean logEach) {
        this.logEach = logEach;
    }

    @Override
    public String getID() {
        return "cabinetgw-arrival-log";
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        long n = received.incrementAndGet();
        if (logEach) {
            LOG.info("Demo broker received #{}: topic {} ({} bytes, QoS {}, client {})", n, msg.getTopicName(),
                    msg.getPayload().readableBytes(), msg.getQos().value(), msg.getClientID());
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        LOG.warn("Demo broker: a session loop failed: {}", error.toString());
    }

    long received() {
        return received.get();
    }
}
