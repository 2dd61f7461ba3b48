package io.lokiz.audit.control;

import java.time.Instant;

/**
 * Which entries to read: each part optional. {@code action} is exact, or a prefix when it ends in {@code *}
 * ({@code credits.*}); {@code from} is inclusive and {@code to} exclusive.
 */
public record AuditQuery(String actor, String action, String target, Instant from, Instant to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);
}
