package org.cabinetgw.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for the site file, written for its error messages: every mistake is reported with
 * its line and column (the launcher has no JSON library on its class path, and a generic one says
 * "MalformedJsonException at path $.x"). Comments ({@code //} and {@code /* *}{@code /}) are allowed, as the
 * OSGi Configurator allows them. Objects become {@link LinkedHashMap} (file order), arrays {@link List},
 * integers {@link Long} (or {@link java.math.BigInteger} beyond), other numbers {@link Double}.
 * A key given twice in one object is an error: one of the two would be lost silently.
 */
final class Json {

    /** A syntax error; the message names the line and column (1-based). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(int line, int column, String what) {
            super("line " + line + ", column " + column + ": " + what);
            this.line = line;
            this.column = column;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) throws SyntaxError {
        Json j = new Json(text.startsWith("\uFEFF") ? text.substring(1) : text);
        j.skipBlank();
        if (j.pos >= j.text.length()) {
            throw j.error("the file is empty; expected a JSON object");
        }
        Object value = j.value();
        j.skipBlank();
        if (j.pos < j.text.length()) {
            throw j.error("unexpected " + j.describe() + " after the end of the document");
        }
        return value;
    }

    private Object value() throws SyntaxError {
        skipBlank();
        if (pos >= text.length()) {
            throw error("unexpected end of file; expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe() + "; expected a value (object, array, string, number, "
                        + "true, false or null)");
            }
        };
    }

    private Map<String, Object> object() throws SyntaxError {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++; // {
        skipBlank();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipBlank();
            if (peek() != '"') {
                throw error("unexpected " + describe() + "; expected a key in double quotes"
                        + (peek() == '}' ? " (a comma before '}' is not allowed in JSON)" : ""));
            }
            int keyLine = line(pos);
            int keyColumn = column(pos);
            String key = string();
            if (out.containsKey(key)) {
                throw new SyntaxError(keyLine, keyColumn, "\"" + key + "\" is given twice in the same object");
            }
            skipBlank();
            if (peek() != ':') {
                throw error("unexpected " + describe() + "; expected ':' after \"" + key + "\"");
            }
            pos++;
            out.put(key, value());
            skipBlank();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return out;
            } else {
                throw error("unexpected " + describe() + "; expected ',' or '}' after the value of \"" + key + "\"");
            }
        }
    }

    private List<Object> array() throws SyntaxError {
        List<Object> out = new ArrayList<>();
        pos++; // [
        skipBlank();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipBlank();
            if (peek() == ']') {
                throw error("unexpected ']'; a comma before ']' is not allowed in JSON");
            }
            out.add(value());
            skipBlank();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return out;
            } else {
                throw error("unexpected " + describe() + "; expected ',' or ']' in the array");
            }
        }
    }

    private String string() throws SyntaxError {
        int start = pos;
        pos++; // "
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("a string that is never closed (missing '\"')");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n') {
                pos = start;
                throw error("a string that is never closed on its line (missing '\"')");
            }
            if (c < 0x20) {
                pos--;
                throw error("a control character inside a string; write it as an escape such as \\t");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unexpected end of file inside a string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                        pos -= 2;
                        throw error("\\u must be followed by four hexadecimal digits");
                    }
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> {
                    pos -= 2;
                    throw error("unknown escape \\" + e + " in a string");
                }
            }
        }
    }

    private Object number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (Character.isDigit(peek())) {
            while (Character.isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("'-' must be followed by a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!Character.isDigit(peek())) {
                throw error("a digit must follow the decimal point");
            }
            while (Character.isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!Character.isDigit(peek())) {
                throw error("a digit must follow the exponent");
            }
            while (Character.isDigit(peek())) {
                pos++;
            }
        }
        if (Character.isLetterOrDigit(peek())) {
            throw error("unexpected " + describe() + " in a number (strings need double quotes)");
        }
        String literal = text.substring(start, pos);
        if (integral) {
            java.math.BigInteger big = new java.math.BigInteger(literal);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return Double.parseDouble(literal);
    }

    private Object word(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, pos) || Character.isLetterOrDigit(charAt(pos + word.length()))) {
            throw error("unexpected " + describe() + "; strings need double quotes");
        }
        pos += word.length();
        return value;
    }

    private void skipBlank() throws SyntaxError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '/' && charAt(pos + 1) == '/') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && charAt(pos + 1) == '*') {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("a comment that is never closed (missing '*/')");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return charAt(pos);
    }

    private char charAt(int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private String describe() {
        if (pos >= text.length()) {
            return "end of file";
        }
        char c = text.charAt(pos);
        if (Character.isLetter(c)) {
            int end = pos;
            while (end < text.length() && end - pos < 20 && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(pos, end) + "'";
        }
        return c < 0x20 ? "control character U+" + String.format("%04X", (int) c) : "'" + c + "'";
    }

    private SyntaxError error(String what) {
        return new SyntaxError(line(pos), column(pos), what);
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private int column(int at) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, Math.min(at, text.length()) - 1));
        return at - lineStart;
    }
}
