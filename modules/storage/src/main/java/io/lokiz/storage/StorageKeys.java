package io.lokiz.storage;

import java.util.Map;

/** Rules every key obeys, whatever the store: no traversal, no surprises in URLs. */
public final class StorageKeys {

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m4s", "video/iso.segment"),
            Map.entry("vtt", "text/vtt"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"),
            Map.entry("json", "application/json"));

    private StorageKeys() {
    }

    /**
     * True for keys made of safe path segments ({@code [A-Za-z0-9_-][A-Za-z0-9._-]*}, slash
     * separated) with no {@code ..} anywhere. A loop, not a regex: every media URL checks one.
     */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > 512 || key.contains("..")) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                if (segmentStart) {
                    return false; // an empty segment: leading, doubled or trailing slash
                }
                segmentStart = true;
                continue;
            }
            boolean safe = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!safe && !(c == '.' && !segmentStart)) {
                return false;
            }
            segmentStart = false;
        }
        return !segmentStart;
    }

    /** The key itself, or an {@link IllegalArgumentException} naming it. */
    public static String require(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return key;
    }

    /** The part of the key a media URL admits: its first two segments when it has more, else the key. */
    public static String scope(String key) {
        String[] segments = require(key).split("/");
        return segments.length > 2 ? segments[0] + "/" + segments[1] + "/" : key;
    }

    /** True for keys below the prefix in {@link Storage#deleteAll}'s sense: the prefix itself or anything under it as a folder. */
    public static boolean isUnder(String key, String prefix) {
        return key.equals(prefix) || key.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** The content type a key is served with, from its extension. */
    public static String contentType(String key) {
        int dot = key.lastIndexOf('.');
        String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase();
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
