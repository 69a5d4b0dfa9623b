package dev.pushclock.transport;

/**
 * Makes JSON safe to place inside an HTML {@code <script>} element: nothing in it can close the
 * element, open a comment or break a line in older JavaScript parsers. Every replacement is a
 * JSON escape, so the text stays the same JSON value.
 */
final class ScriptJson {

    private ScriptJson() {
    }

    static String escape(String json) {
        StringBuilder safe = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> safe.append("\\u003c");
                case '>' -> safe.append("\\u003e");
                case '&' -> safe.append("\\u0026");
                case '\u2028' -> safe.append("\\u2028");
                case '\u2029' -> safe.append("\\u2029");
                default -> safe.append(c);
            }
        }
        return safe.toString();
    }
}
