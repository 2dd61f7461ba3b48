package io.lokiz.webhooks;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Makes an event's {@code data} as receivers get it, from what was stored when it happened. A
 * module registers one as a CDI bean for the event types it announces with storage keys (the
 * outbox keeps no URL: they expire); it runs at every attempt, so the URLs in a delivery are
 * fresh however late a retry or replay comes. Types no bean renders are sent as stored.
 */
public interface EventData {

    /** True when this bean makes the data of events of {@code type}. */
    boolean renders(String type);

    /** The data of one event of {@code type}, from {@code stored}; no database, no transaction. */
    JsonValue render(String type, JsonObject stored);
}
