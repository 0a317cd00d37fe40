package org.cabinetgw.kura.bridge.itest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;

/**
 * A fake of Kura's cloud publisher, made from the declared interface (the Kura API declaration bundle stands in for
 * Kura's API). It records every message published with its id, confirms only when told (late, in any order), can
 * throw Kura's exception for chosen messages, and tells its listeners the connection went down or up.
 *
 * <p>Built by reflection on the declaration bundle's classes (a {@link Proxy}), so this tests bundle imports no Kura
 * package: KuraBridgeIT's last test uninstalls that bundle and refreshes the framework, which must not restart the
 * tests bundle.
 */
final class FakeKuraPublisher implements InvocationHandler {

    static final String API = "org.cabinetgw.kura.api.declaration";
    static final String PUBLISHER = "org.eclipse.kura.cloudconnection.publisher.CloudPublisher";
    static final String DELIVERY = "org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener";
    static final String CONNECTION = "org.eclipse.kura.cloudconnection.listener.CloudConnectionListener";

    /** One publish: Kura's id for it and our message id (metric and property {@code message.id}). */
    record Published(String kuraId, String messageId, String topic, Map<String, Object> metrics) {
    }

    private final Bundle api;
    private final Object proxy;
    final List<Published> published = new CopyOnWriteArrayList<>();
    final List<Object> deliveryListeners = new CopyOnWriteArrayList<>();
    final List<Object> connectionListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    /** Messages (by message.id) whose next publish throws Kura's exception; consumed by that publish. */
    final Set<String> refuseOnce = ConcurrentHashMap.newKeySet();
    /** When it matches a message, publish throws (every time). */
    volatile Predicate<String> refuseAlways = id -> false;

    FakeKuraPublisher(Bundle api) throws ClassNotFoundException {
        this.api = api;
        Class<?> type = api.loadClass(PUBLISHER);
        this.proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, this);
    }

    Object service() {
        return proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "publish":
                return publish(args[0]);
            case "registerCloudDeliveryListener":
                deliveryListeners.add(args[0]);
                return null;
            case "unregisterCloudDeliveryListener":
                deliveryListeners.remove(args[0]);
                return null;
            case "registerCloudConnectionListener":
                connectionListeners.add(args[0]);
                return null;
            case "unregisterCloudConnectionListener":
                connectionListeners.remove(args[0]);
                return null;
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return self == args[0];
            case "toString":
                return "FakeKuraPublisher";
            default:
                throw new UnsupportedOperationException(method.getName());
        }
    }

    @SuppressWarnings("unchecked")
    private String publish(Object kuraMessage) throws Exception {
        Map<String, Object> properties = (Map<String, Object>) call(kuraMessage, "getProperties");
        Object payload = call(kuraMessage, "getPayload");
        Map<String, Object> metrics = (Map<String, Object>) call(payload, "metrics");
        String messageId = String.valueOf(properties.get("message.id"));
        if (refuseOnce.remove(messageId) || refuseAlways.test(messageId)) {
            Class<?> codes = api.loadClass("org.eclipse.kura.KuraErrorCode");
            Object notConnected = codes.getField("NOT_CONNECTED").get(null);
            throw (Exception) api.loadClass("org.eclipse.kura.KuraException").getConstructor(codes)
                    .newInstance(notConnected);
        }
        String kuraId = String.valueOf(ids.incrementAndGet());
        published.add(new Published(kuraId, messageId, String.valueOf(properties.get("topic")), Map.copyOf(metrics)));
        return kuraId;
    }

    /** Kura confirms its id {@code kuraId} to every delivery listener. */
    void confirm(String kuraId) throws Exception {
        Method m = api.loadClass(DELIVERY).getMethod("onMessageConfirmed", String.class);
        for (Object l : deliveryListeners) {
            m.invoke(l, kuraId);
        }
    }

    void connectionLost() throws Exception {
        tellConnection("onConnectionLost");
    }

    void connectionEstablished() throws Exception {
        tellConnection("onConnectionEstablished");
    }

    private void tellConnection(String what) throws Exception {
        Method m = api.loadClass(CONNECTION).getMethod(what);
        for (Object l : connectionListeners) {
            m.invoke(l);
        }
    }

    /** How many times each message id was published. */
    Map<String, Integer> timesPublished() {
        Map<String, Integer> n = new ConcurrentHashMap<>();
        published.forEach(p -> n.merge(p.messageId(), 1, Integer::sum));
        return n;
    }

    private static Object call(Object target, String method) throws Exception {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
