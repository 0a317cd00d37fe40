package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Parses the JSON of {@code smartctl -j -H -A <device>} (smartmontools 7: json_format_version 1) for
 * ATA/SATA and NVMe drives. Pure: no I/O.
 *
 * <p>smartctl's exit status is a bit mask: bits 0 and 1 mean it could not talk to the device (then the
 * report is refused with smartctl's own message); the higher bits report the disk's condition and are
 * normal for a failing disk, so the JSON is read then.
 */
public final class SmartctlParser {

    /** ATA attributes whose normalised value is the life left in percent, by id. */
    private static final int[] WEAR_ATTRIBUTES = { 177, 231, 233, 202, 169 };
    private static final Pattern LEADING_INT = Pattern.compile("^\\s*(-?\\d{1,4})\\b");

    private SmartctlParser() {
    }

    public static SmartReport parse(String json) throws SourceFormatException {
        if (json == null || json.isBlank()) {
            throw new SourceFormatException("smartctl printed nothing");
        }
        try {
            JsonElement rootElement = JsonParser.parseString(json);
            if (!rootElement.isJsonObject()) {
                throw new SourceFormatException("smartctl output is not a JSON object");
            }
            JsonObject root = rootElement.getAsJsonObject();
            JsonObject smartctl = object(root, "smartctl");
            if (smartctl == null || !root.has("json_format_version")) {
                throw new SourceFormatException("smartctl output has no 'smartctl' section: not smartctl -j output");
            }
            int exit = smartctl.has("exit_status") ? smartctl.get("exit_status").getAsInt() : 0;
            if ((exit & 0b11) != 0) {
                throw new SourceFormatException("smartctl could not read the device: " + messages(smartctl)
                        + " (exit status " + exit + ")");
            }
            JsonObject device = object(root, "device");
            String name = device != null && device.has("name") ? device.get("name").getAsString() : "";
            String protocol = device != null && device.has("protocol") ? device.get("protocol").getAsString() : "";
            JsonObject status = object(root, "smart_status");
            Boolean passed = status != null && status.has("passed") ? status.get("passed").getAsBoolean() : null;

            Long reallocated = null;
            Long pending = null;
            Integer temperature = null;
            Integer used = null;
            Long mediaErrors = null;
            Integer critical = null;

            JsonObject temp = object(root, "temperature");
            if (temp != null && temp.has("current")) {
                temperature = temp.get("current").getAsInt();
            }
            JsonObject nvme = object(root, "nvme_smart_health_information_log");
            if (nvme != null) {
                if (temperature == null && nvme.has("temperature")) {
                    temperature = nvme.get("temperature").getAsInt();
                }
                used = nvme.has("percentage_used") ? nvme.get("percentage_used").getAsInt() : null;
                mediaErrors = nvme.has("media_errors") ? nvme.get("media_errors").getAsLong() : null;
                critical = nvme.has("critical_warning") ? nvme.get("critical_warning").getAsInt() : null;
            }
            JsonObject ata = object(root, "ata_smart_attributes");
            if (ata != null && ata.has("table")) {
                JsonArray table = ata.getAsJsonArray("table");
                Integer wearUsed = null;
                Integer attrTemperature = null;
                for (JsonElement e : table) {
                    JsonObject attr = e.getAsJsonObject();
                    int id = attr.get("id").getAsInt();
                    JsonObject raw = object(attr, "raw");
                    if (id == 5 && raw != null) {
                        reallocated = raw.get("value").getAsLong();
                    } else if (id == 197 && raw != null) {
                        pending = raw.get("value").getAsLong();
                    } else if ((id == 194 || id == 190 && attrTemperature == null) && raw != null) {
                        attrTemperature = rawTemperature(raw);
                    }
                    for (int wear : WEAR_ATTRIBUTES) {
                        if (id == wear && wearUsed == null && attr.has("value")) {
                            wearUsed = Math.max(0, 100 - attr.get("value").getAsInt());
                        }
                    }
                }
                if (temperature == null) {
                    temperature = attrTemperature;
                }
                if (used == null) {
                    used = wearUsed;
                }
            }
            return new SmartReport(name, protocol, passed, reallocated, pending, temperature, used, mediaErrors,
                    critical, exit, text(root, "model_name"), text(root, "serial_number"));
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                | NumberFormatException | NullPointerException e) {
            throw new SourceFormatException("smartctl output is malformed JSON or has unexpected types: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + shorten(e.getMessage())));
        }
    }

    /** Attribute 194/190 raw values pack min/max into the upper bytes; the string starts with the current. */
    private static Integer rawTemperature(JsonObject raw) {
        if (raw.has("string")) {
            Matcher m = LEADING_INT.matcher(raw.get("string").getAsString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return (int) (raw.get("value").getAsLong() & 0xFF);
    }

    private static String messages(JsonObject smartctl) {
        List<String> out = new ArrayList<>();
        if (smartctl.has("messages") && smartctl.get("messages").isJsonArray()) {
            for (JsonElement m : smartctl.getAsJsonArray("messages")) {
                if (m.isJsonObject() && m.getAsJsonObject().has("string")) {
                    out.add(m.getAsJsonObject().get("string").getAsString());
                }
            }
        }
        return out.isEmpty() ? "no message" : shorten(String.join("; ", out));
    }

    /** A top-level string the drive reports about itself (model, serial), cut to 100 characters; empty when absent. */
    private static String text(JsonObject root, String key) {
        JsonElement e = root.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return "";
        }
        String s = e.getAsString().strip();
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static JsonObject object(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return e.getAsJsonObject();
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
