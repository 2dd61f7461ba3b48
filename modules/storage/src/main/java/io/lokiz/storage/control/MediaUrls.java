package io.lokiz.storage.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.StorageKeys;

import java.time.Duration;

/**
 * This app's own media URLs, {@code <public url>/media/t/<ticket>/<key>}: how the filesystem store
 * is served, and how HLS playlists of a presigning bucket are (their segment URLs must be signed
 * one by one). The ticket is a path segment, not a query, so relative URLs inside a playlist keep it.
 */
public final class MediaUrls {

    /** Ticket purpose of media URLs. */
    public static final String MEDIA = "media";

    private final String base;
    private final Tickets tickets;
    private final Duration lifetime;

    /** URLs below {@code publicUrl} (the app's public base URL) that live for {@code lifetime}. */
    public MediaUrls(String publicUrl, Tickets tickets, Duration lifetime) {
        this.base = publicUrl.replaceAll("/+$", "") + "/media/";
        this.tickets = tickets;
        this.lifetime = lifetime;
    }

    /** How long a URL made now stays valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The URL of {@code key}, admitting its whole group ({@link StorageKeys#scope}). */
    public String of(String key) {
        return base + "t/" + tickets.issue(MEDIA, StorageKeys.scope(key), lifetime) + "/" + key;
    }

    /** True when a media URL's ticket admits the key. */
    public boolean admits(String ticket, String key) {
        return StorageKeys.isValid(key) && tickets.admits(ticket, MEDIA, key);
    }
}
