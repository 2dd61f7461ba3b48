package io.lokiz.app;

/** How deep a JSON text nests, judged on its bytes before any parser recurses into it. */
final class JsonNesting {

    private JsonNesting() {
    }

    /** The deepest nesting of objects and arrays in a JSON text, counted outside strings; bytes of UTF-8 suffice. */
    static int depth(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }
}
