package org.cabinetgw.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Debian's headless Chromium driven over the Chrome DevTools protocol (a WebSocket, the JDK's own client):
 * navigate, evaluate script in the page, screenshots, and every console error and uncaught exception the
 * page produced. One page; no network beyond loopback.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    /** Console errors and uncaught exceptions, as one line each. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static Chromium start(Path profile) throws Exception {
        Files.createDirectories(profile);
        // The flags keep Chromium from reaching for the network: this machine has none to offer.
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        long end = System.currentTimeMillis() + 30_000;
        String line;
        while (browserWs == null && System.currentTimeMillis() < end && (line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not open its DevTools port");
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // Chromium's own chatter; console messages come through the protocol
                }
            } catch (IOException e) {
                // it exited
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int i = 0; i < 100 && pageWs == null; i++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonElement t : JsonParser.parseString(list).getAsJsonArray()) {
                if (t.getAsJsonObject().get("type").getAsString().equals("page")) {
                    pageWs = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        Chromium[] self = new Chromium[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    while (self[0] == null) {
                        Thread.onSpinWait();
                    }
                    self[0].received(JsonParser.parseString(message).getAsJsonObject());
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        self[0] = new Chromium(p, ws);
        self[0].call("Runtime.enable", new JsonObject());
        self[0].call("Log.enable", new JsonObject());
        self[0].call("Page.enable", new JsonObject());
        self[0].call("Network.enable", new JsonObject());
        return self[0];
    }

    private void received(JsonObject message) {
        if (message.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(message.get("id").getAsInt());
            if (f != null) {
                f.complete(message);
            }
            return;
        }
        String method = message.get("method").getAsString();
        JsonObject params = message.getAsJsonObject("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.getAsJsonObject("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (params.get("type").getAsString().equals("error")) {
                    errors.add("console.error: " + params.get("args"));
                }
            }
            // a login dialog the test declines, as a person without the password would
            case "Fetch.requestPaused" -> send("Fetch.continueRequest", requestId(params));
            case "Fetch.authRequired" -> {
                JsonObject p = requestId(params);
                JsonObject response = new JsonObject();
                response.addProperty("response", "CancelAuth");
                p.add("authChallengeResponse", response);
                send("Fetch.continueWithAuth", p);
            }
            case "Log.entryAdded" -> {
                JsonObject entry = params.getAsJsonObject("entry");
                if (entry.get("level").getAsString().equals("error")) {
                    errors.add("log: " + entry.get("text").getAsString() + " " + entry.get("url"));
                }
            }
            default -> {
            }
        }
    }

    private static JsonObject requestId(JsonObject params) {
        JsonObject p = new JsonObject();
        p.add("requestId", params.get("requestId"));
        return p;
    }

    /** Sends a command without waiting for its answer (from the listener, which must not block). */
    private void send(String method, JsonObject params) {
        JsonObject m = new JsonObject();
        m.addProperty("id", ids.incrementAndGet());
        m.addProperty("method", method);
        m.add("params", params);
        socket.sendText(m.toString(), true);
    }

    /**
     * Headless Chromium has no login dialog: a request answered with an authentication challenge would wait
     * for one forever. For URLs containing {@code urlPart} the challenge is declined, as a person without the
     * password would, and the page sees the 401.
     */
    void declineLogins(String urlPart) throws Exception {
        JsonObject pattern = new JsonObject();
        pattern.addProperty("urlPattern", "*" + urlPart + "*");
        com.google.gson.JsonArray patterns = new com.google.gson.JsonArray();
        patterns.add(pattern);
        JsonObject p = new JsonObject();
        p.add("patterns", patterns);
        p.addProperty("handleAuthRequests", true);
        call("Fetch.enable", p);
    }

    /** Sends a command and waits for its answer; a protocol error fails. */
    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject m = new JsonObject();
        m.addProperty("id", id);
        m.addProperty("method", method);
        m.add("params", params);
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(m.toString(), true).get(10, TimeUnit.SECONDS);
        JsonObject r = answer.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new AssertionError(method + ": " + r.get("error"));
        }
        return r.getAsJsonObject("result");
    }

    /** Every request of the page carries this header (Basic credentials), or none when null. */
    void authorization(String header) throws Exception {
        JsonObject headers = new JsonObject();
        if (header != null) {
            headers.addProperty("Authorization", header);
        }
        JsonObject p = new JsonObject();
        p.add("headers", headers);
        call("Network.setExtraHTTPHeaders", p);
    }

    void navigate(String url) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("url", url);
        call("Page.navigate", p);
    }

    /** The value of a script expression evaluated in the page (JSON-able values only). */
    JsonElement eval(String expression) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("expression", expression);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new AssertionError(expression + ": " + r.get("exceptionDetails"));
        }
        JsonObject result = r.getAsJsonObject("result");
        return result.has("value") ? result.get("value") : null;
    }

    String text(String expression) throws Exception {
        JsonElement e = eval(expression);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** Waits until the expression is true in the page; fails naming it. Returns the milliseconds it took. */
    long await(String expression, long timeoutMillis) throws Exception {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < timeoutMillis) {
            try {
                JsonElement v = eval(expression);
                if (v != null && v.isJsonPrimitive() && v.getAsBoolean()) {
                    return System.currentTimeMillis() - start;
                }
            } catch (AssertionError e) {
                // the page is (re)loading
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page never showed " + expression + " within " + timeoutMillis + " ms");
    }

    /** Sets the viewport (a phone: 390 x 844, mobile). */
    void viewport(int width, int height, boolean mobile) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("width", width);
        p.addProperty("height", height);
        p.addProperty("deviceScaleFactor", 1);
        p.addProperty("mobile", mobile);
        call("Emulation.setDeviceMetricsOverride", p);
    }

    /** A PNG of the whole page (beyond the viewport, at most 6000 px tall) or of what the viewport shows. */
    void screenshot(Path file, boolean wholePage) throws Exception {
        JsonObject p = new JsonObject();
        p.addProperty("format", "png");
        if (wholePage) {
            JsonObject size = call("Page.getLayoutMetrics", new JsonObject()).getAsJsonObject("cssContentSize");
            JsonObject clip = new JsonObject();
            clip.addProperty("x", 0);
            clip.addProperty("y", 0);
            clip.addProperty("width", size.get("width").getAsDouble());
            clip.addProperty("height", Math.min(size.get("height").getAsDouble(), 6000));
            clip.addProperty("scale", 1);
            p.add("clip", clip);
            p.addProperty("captureBeyondViewport", true);
        }
        String data = call("Page.captureScreenshot", p).get("data").getAsString();
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    List<String> errorsSince(int from) {
        return new ArrayList<>(errors.subList(Math.min(from, errors.size()), errors.size()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is going anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
