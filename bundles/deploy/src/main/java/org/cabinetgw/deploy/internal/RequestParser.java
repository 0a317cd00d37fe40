package org.cabinetgw.deploy.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads the JSON bodies of DEPLOY-V2 requests, field names as in Kura's deployment cloud service.
 * Everything from the network is hostile until checked: each check names the field it refuses.
 */
final class RequestParser {

    static final String URI_FIELD = "dp.uri";
    static final String NAME = "dp.name";
    static final String VERSION = "dp.version";
    static final String JOB_ID = "job.id";
    static final String HASH = "dp.download.hash";
    static final String INSTALL = "dp.install";
    static final String FORCE = "dp.force";

    /** A request body larger than this is not a request. */
    static final int MAX_BODY = 16 * 1024;

    // An OSGi symbolic name (dotted tokens) and version (major[.minor[.micro[.qualifier]]]).
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern VERSION_TEXT = Pattern.compile("\\d{1,9}(\\.\\d{1,9}(\\.\\d{1,9}(\\.[A-Za-z0-9_-]+)?)?)?");
    private static final Pattern SHA256 = Pattern.compile("(?i)SHA-?256:([0-9a-f]{64})");

    private RequestParser() {
    }

    static DownloadRequest download(byte[] body, boolean allowHttp) throws RequestException {
        JsonObject o = object(body);
        URI uri = uri(o, allowHttp);
        String name = symbolicName(o);
        String version = version(o);
        long jobId = jobId(o);
        String hash = requiredString(o, HASH);
        var m = SHA256.matcher(hash);
        if (!m.matches()) {
            throw new RequestException(HASH, HASH + " must be SHA256:<64 hex digits>, was '" + shorten(hash) + "'");
        }
        boolean install = true;
        if (o.has(INSTALL)) {
            install = bool(o, INSTALL);
        }
        return new DownloadRequest(uri, name, version, jobId, m.group(1).toLowerCase(Locale.ROOT), install, force(o),
                options(o));
    }

    /** The download options (optional whole numbers, 0 or absent: not given); a negative one is refused. */
    static DownloadOptions options(JsonObject o) throws RequestException {
        return new DownloadOptions(optionalCount(o, DownloadOptions.BLOCK_SIZE), optionalCount(o, DownloadOptions.NOTIFY_BLOCK_SIZE),
                optionalCount(o, DownloadOptions.TIMEOUT), optionalCount(o, DownloadOptions.BLOCK_DELAY));
    }

    private static int optionalCount(JsonObject o, String field) throws RequestException {
        if (!o.has(field) || o.get(field).isJsonNull()) {
            return 0;
        }
        JsonPrimitive p = primitive(o, field);
        if (!p.isNumber()) {
            throw new RequestException(field, field + " must be a number");
        }
        try {
            int n = p.getAsBigDecimal().intValueExact();
            if (n < 0) {
                throw new RequestException(field, field + " must not be negative, was " + n);
            }
            return n;
        } catch (ArithmeticException e) {
            throw new RequestException(field, field + " must be a whole number that fits 32 bits");
        }
    }

    /** EXEC/install of a package already downloaded: dp.name, dp.version, job.id. */
    static DownloadRequest installDownloaded(byte[] body) throws RequestException {
        JsonObject o = object(body);
        return new DownloadRequest(null, symbolicName(o), version(o), jobId(o), "", true, force(o));
    }

    /** EXEC/uninstall: dp.name, job.id. */
    static DownloadRequest uninstall(byte[] body) throws RequestException {
        JsonObject o = object(body);
        return new DownloadRequest(null, symbolicName(o), "", jobId(o), "", false, force(o));
    }

    /** dp.force: optional, false unless the request says true. */
    private static boolean force(JsonObject o) throws RequestException {
        return o.has(FORCE) && bool(o, FORCE);
    }

    private static JsonObject object(byte[] body) throws RequestException {
        if (body == null || body.length == 0) {
            throw new RequestException("body", "the request has no body; a JSON object is expected");
        }
        if (body.length > MAX_BODY) {
            throw new RequestException("body", "the request body has " + body.length + " bytes; at most " + MAX_BODY + " are accepted");
        }
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new RequestException("body", "the request body is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new RequestException("body", "the request body is not valid JSON");
        }
    }

    private static URI uri(JsonObject o, boolean allowHttp) throws RequestException {
        String text = requiredString(o, URI_FIELD);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new RequestException(URI_FIELD, URI_FIELD + " is not a URI: '" + shorten(text) + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new RequestException(URI_FIELD, URI_FIELD + " must be an https:// URL"
                    + (allowHttp ? " or http:// URL" : "") + ", was '" + shorten(text) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RequestException(URI_FIELD, URI_FIELD + " has no host: '" + shorten(text) + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new RequestException(URI_FIELD, URI_FIELD + " must not carry credentials");
        }
        return uri;
    }

    private static String symbolicName(JsonObject o) throws RequestException {
        String name = requiredString(o, NAME);
        if (name.length() > 255 || !SYMBOLIC_NAME.matcher(name).matches()) {
            throw new RequestException(NAME, NAME + " is not a symbolic name: '" + shorten(name) + "'");
        }
        return name;
    }

    private static String version(JsonObject o) throws RequestException {
        String version = requiredString(o, VERSION);
        if (version.length() > 64 || !VERSION_TEXT.matcher(version).matches()) {
            throw new RequestException(VERSION, VERSION + " is not an OSGi version: '" + shorten(version) + "'");
        }
        return version;
    }

    private static long jobId(JsonObject o) throws RequestException {
        JsonPrimitive p = primitive(o, JOB_ID);
        if (!p.isNumber()) {
            throw new RequestException(JOB_ID, JOB_ID + " must be a number");
        }
        try {
            long id = p.getAsBigDecimal().longValueExact();
            if (id < 0) {
                throw new RequestException(JOB_ID, JOB_ID + " must not be negative, was " + id);
            }
            return id;
        } catch (ArithmeticException e) {
            throw new RequestException(JOB_ID, JOB_ID + " must be a whole number that fits 64 bits");
        }
    }

    private static boolean bool(JsonObject o, String field) throws RequestException {
        JsonPrimitive p = primitive(o, field);
        if (!p.isBoolean()) {
            throw new RequestException(field, field + " must be true or false");
        }
        return p.getAsBoolean();
    }

    private static String requiredString(JsonObject o, String field) throws RequestException {
        JsonPrimitive p = primitive(o, field);
        if (!p.isString() || p.getAsString().isBlank()) {
            throw new RequestException(field, field + " must be a non-empty string");
        }
        return p.getAsString().trim();
    }

    private static JsonPrimitive primitive(JsonObject o, String field) throws RequestException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new RequestException(field, field + " is missing");
        }
        if (!e.isJsonPrimitive()) {
            throw new RequestException(field, field + " must be a single value, not an object or array");
        }
        return e.getAsJsonPrimitive();
    }

    /** Echoed text is cut, so a hostile request cannot make the reply (or the log) huge. */
    private static String shorten(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
