package org.cabinetgw.support.internal.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentence inside a failure recorded as text, such as a component's activation failure as Declarative
 * Services keeps it: the whole stack trace, often "java.lang.reflect.InvocationTargetException" first and the
 * component's own IllegalArgumentException naming the setting as the last "Caused by:". That innermost cause's
 * message is what an integrator can act on.
 */
public final class FailureSentence {

    private static final Pattern CLASS_NAME_PREFIX =
            Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)?: (.+)$");
    private static final int MAX_LENGTH = 300;

    private FailureSentence() {
    }

    /** The innermost cause's message, without exception class names; "no reason given" when there is none. */
    public static String of(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String chosen = null;
        for (String line : failure.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("Caused by: ")) {
                chosen = l.substring("Caused by: ".length());
            } else if (chosen == null && !l.startsWith("at ") && !l.isEmpty()) {
                chosen = l;
            }
        }
        String text = withoutClassName(chosen == null ? failure.strip() : chosen);
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
    }

    /** "java.lang.IllegalArgumentException: x" is "x"; a class name alone stays (there is nothing else). */
    private static String withoutClassName(String line) {
        Matcher m = CLASS_NAME_PREFIX.matcher(line);
        return m.matches() ? m.group(1).strip() : line;
    }
}
