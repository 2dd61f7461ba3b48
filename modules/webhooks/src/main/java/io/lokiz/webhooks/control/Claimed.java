package io.lokiz.webhooks.control;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A delivery this node leased: the message (its data as stored) and where and with what it is signed and sent. */
public record Claimed(UUID endpoint, String message, int attempts, String type, String data, Instant createdAt, String url,
                      List<String> secrets) {
}
