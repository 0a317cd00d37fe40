package org.cabinetgw.core.internal;

/**
 * The sentence inside a component's activation failure as Declarative Services records it (the whole stack
 * trace as text, often "java.lang.reflect.InvocationTargetException" first and the component's own
 * IllegalArgumentException naming the setting as the last "Caused by:"). Pure; unit tested.
 */
final class ActivationFailure {

    private ActivationFailure() {
    }

    /** The innermost cause's message, without exception class names; "no reason given" when there is none. */
    static String sentence(String failure) {
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
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** "java.lang.IllegalArgumentException: x" is "x"; a class name alone stays (there is nothing else). */
    private static String withoutClassName(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)?: (.+)$").matcher(line);
        return m.matches() ? m.group(1).strip() : line;
    }
}
