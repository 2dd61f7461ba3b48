package io.lokiz.storage.control;

import io.lokiz.storage.StorageKeys;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HLS playlists (RFC 8216) with every relative URI made absolute by a function of the key it
 * names: what a playlist needs when each of its files has a URL of its own (a presigned one, or
 * a fresh ticket). URIs that climb out of the playlist's folder, or are absolute already, stay.
 */
public final class Playlists {

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    private Playlists() {
    }

    /** {@code playlist}, stored under {@code key}, with its relative URIs replaced by {@code urlOfKey}'s answers. */
    public static String absolute(String playlist, String key, UnaryOperator<String> urlOfKey) {
        String folder = key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
        var out = new StringBuilder(playlist.length() * 2);
        for (String line : playlist.split("\r?\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                Matcher uri = URI_ATTRIBUTE.matcher(line);
                out.append(uri.replaceAll(m -> Matcher.quoteReplacement("URI=\"" + resolve(folder, m.group(1), urlOfKey) + "\"")));
            } else if (!trimmed.isEmpty()) {
                out.append(resolve(folder, trimmed, urlOfKey));
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String resolve(String folder, String uri, UnaryOperator<String> urlOfKey) {
        String key = folder + uri;
        return uri.contains(":") || uri.startsWith("/") || !StorageKeys.isValid(key) ? uri : urlOfKey.apply(key);
    }
}
