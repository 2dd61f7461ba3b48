package io.lokiz.audit.control;

import io.lokiz.audit.AuditEntry;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** The SQL of {@code audit_entries}: appends, and pages newest first by a filter. */
public final class AuditTable {

    private static final String COLUMNS = "at, actor, action, target, before, after, request_id, idempotency_key";

    private AuditTable() {
    }

    /** An entry to append; {@code before} and {@code after} are JSON objects or null. */
    public record NewEntry(java.time.Instant at, String actor, String action, String target, String before, String after,
                           String requestId, String idempotencyKey) {
    }

    public static boolean append(Connection c, NewEntry entry) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO audit_entries (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
            bind(st, entry);
            return st.executeUpdate() == 1;
        }
    }

    /**
     * Appends unless the same actor's same action was recorded under the same idempotency key. A concurrent repetition
     * waits on the action's own key (the ledger's unique key) until the first commits, so this statement sees it.
     */
    public static boolean appendOnce(Connection c, NewEntry entry) throws SQLException {
        if (entry.idempotencyKey() == null) {
            return append(c, entry);
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO audit_entries (" + COLUMNS
                + ") SELECT ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ? WHERE NOT EXISTS (SELECT 1 FROM audit_entries"
                + " WHERE actor = ? AND action = ? AND idempotency_key = ?)")) {
            bind(st, entry);
            st.setString(9, entry.actor());
            st.setString(10, entry.action());
            st.setString(11, entry.idempotencyKey());
            return st.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement st, NewEntry entry) throws SQLException {
        st.setTimestamp(1, Timestamp.from(entry.at()));
        st.setString(2, entry.actor());
        st.setString(3, entry.action());
        st.setString(4, entry.target());
        st.setString(5, entry.before());
        st.setString(6, entry.after());
        st.setString(7, entry.requestId());
        st.setString(8, entry.idempotencyKey());
    }

    /** Up to {@code limit} entries matching {@code query} with ids below {@code before} (all when null), newest first. */
    public static List<AuditEntry> page(Connection c, AuditQuery query, Long before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS + " FROM audit_entries WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            values.add(query.actor());
        }
        if (query.action() != null && query.action().endsWith("*")) {
            sql.append(" AND action LIKE ? ESCAPE '\\'");
            values.add(query.action().substring(0, query.action().length() - 1).replaceAll("[\\\\%_]", "\\\\$0") + "%");
        } else if (query.action() != null) {
            sql.append(" AND action = ?");
            values.add(query.action());
        }
        if (query.target() != null) {
            sql.append(" AND target = ?");
            values.add(query.target());
        }
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            values.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            values.add(Timestamp.from(query.to()));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            values.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        values.add(limit);
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                st.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                            rs.getString("action"), rs.getString("target"), object(rs.getString("before")),
                            object(rs.getString("after")), rs.getString("request_id"), rs.getString("idempotency_key")));
                }
                return entries;
            }
        }
    }

    private static JsonObject object(String json) {
        return json == null ? null : Json.createReader(new StringReader(json)).readObject();
    }
}
