package org.cabinetgw.uplink.internal.mqtt;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;

import com.google.gson.JsonObject;

/**
 * The default dialect, for plain brokers: each message as our JSON on {@code <topic.prefix>/<topic>}, and a
 * retained status on {@code <topic.prefix>/status}: {@code online} after every connect, {@code offline} as the
 * will and on an orderly stop (README, "Status topic").
 */
public final class JsonStatusDialect implements CloudDialect {

    private final MqttSettings settings;

    public JsonStatusDialect(MqttSettings settings) {
        this.settings = settings;
    }

    @Override
    public String topicFor(QueuedMessage message) {
        return settings.topicFor(message.topic());
    }

    @Override
    public byte[] payloadFor(QueuedMessage message) {
        return message.payload(); // the queue keeps exactly this JSON
    }

    @Override
    public Publication will() {
        return status("offline");
    }

    @Override
    public List<Publication> births(InetAddress localAddress) {
        return List.of(status("online"));
    }

    @Override
    public Publication goodbye() {
        return status("offline");
    }

    @Override
    public CommandTopics commandTopics() {
        return new CommandTopics(settings.topicPrefix(), settings.clientId());
    }

    @Override
    public CommandWire commandWire() {
        return CommandWire.JSON;
    }

    private Publication status(String value) {
        JsonObject o = new JsonObject();
        o.addProperty("state", value);
        o.addProperty("clientId", settings.clientId());
        o.addProperty("ts", Instant.now().toString());
        return new Publication(settings.statusTopic(), o.toString().getBytes(StandardCharsets.UTF_8), 1, true);
    }
}
