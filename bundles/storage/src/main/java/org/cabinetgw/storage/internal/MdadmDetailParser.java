package org.cabinetgw.storage.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code mdadm --detail --export}: one {@code KEY=value} a line (mdadm's Detail.c), members as
 * {@code MD_DEVICE_<mangled name>_ROLE} and {@code MD_DEVICE_<mangled name>_DEV}. Pure: no I/O.
 */
public final class MdadmDetailParser {

    private static final Pattern LINE = Pattern.compile("^([A-Z][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern MEMBER_KEY = Pattern.compile("^MD_DEVICE_(.+)_(ROLE|DEV)$");
    private static final Pattern ROLE = Pattern.compile("^(\\d{1,6}|spare|faulty|journal)$");

    private MdadmDetailParser() {
    }

    public static MdadmDetail parse(String text) throws SourceFormatException {
        if (text == null || text.isBlank()) {
            throw new SourceFormatException("mdadm --detail --export printed nothing");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> roleByKey = new HashMap<>();
        Map<String, String> devByKey = new HashMap<>();
        int lineNo = 0;
        for (String raw : text.split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new SourceFormatException("mdadm --detail --export line " + lineNo + " is not KEY=value: '"
                        + shorten(line) + "'");
            }
            String value = unquote(m.group(2));
            values.put(m.group(1), value);
            Matcher member = MEMBER_KEY.matcher(m.group(1));
            if (member.matches()) {
                if (member.group(2).equals("ROLE")) {
                    if (!ROLE.matcher(value).matches()) {
                        throw new SourceFormatException("mdadm --detail --export line " + lineNo
                                + ": unknown member role '" + shorten(value) + "'");
                    }
                    roleByKey.put(member.group(1), value);
                } else {
                    devByKey.put(member.group(1), value);
                }
            }
        }
        if (!values.containsKey("MD_LEVEL") && !values.containsKey("MD_UUID")) {
            throw new SourceFormatException("mdadm --detail --export output has neither MD_LEVEL nor MD_UUID");
        }
        Map<String, String> roles = new LinkedHashMap<>();
        roleByKey.forEach((key, role) -> {
            String dev = devByKey.getOrDefault(key, key);
            roles.put(dev.substring(dev.lastIndexOf('/') + 1), role);
        });
        int devices = -1;
        if (values.containsKey("MD_DEVICES")) {
            try {
                devices = Integer.parseInt(values.get("MD_DEVICES"));
            } catch (NumberFormatException e) {
                throw new SourceFormatException("mdadm --detail --export: MD_DEVICES is not a number: '"
                        + shorten(values.get("MD_DEVICES")) + "'");
            }
        }
        return new MdadmDetail(values.getOrDefault("MD_LEVEL", ""), devices, values.getOrDefault("MD_METADATA", ""),
                values.getOrDefault("MD_UUID", ""), values.getOrDefault("MD_NAME", ""),
                values.getOrDefault("MD_STATE", ""), roles);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
