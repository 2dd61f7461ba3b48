package io.lokiz.audit.control;

import io.lokiz.audit.AuditEntry;
import io.lokiz.testing.TestDatabase;
import io.lokiz.testing.Transactions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trail on a real PostgreSQL: appended once, read by filter and cursor, and never changed. */
class AuditTableTest {

    static DataSource db;
    static final Instant NINE = Instant.parse("2026-12-08T09:00:00Z");
    final String actor = "admin-" + UUID.randomUUID();

    @BeforeAll
    static void database() {
        db = TestDatabase.freshDatabase().dataSource();
    }

    AuditTable.NewEntry entry(Instant at, String action, String target, String key) {
        return new AuditTable.NewEntry(at, actor, action, target, "{\"available\":10}", "{\"available\":60}", "req-" + at.getEpochSecond(), key);
    }

    boolean append(AuditTable.NewEntry entry) throws Exception {
        return Transactions.tx(db, c -> AuditTable.append(c, entry));
    }

    boolean appendOnce(String action, String key) throws Exception {
        return Transactions.tx(db, c -> AuditTable.appendOnce(c, entry(NINE, action, "account:ann", key)));
    }

    List<AuditEntry> page(AuditQuery query, Long before, int limit) throws Exception {
        return Transactions.tx(db, c -> AuditTable.page(c, query, before, limit));
    }

    AuditQuery mine() {
        return new AuditQuery(actor, null, null, null, null);
    }

    @Test
    void keepsWhoDidWhatToWhichTargetWithTheValuesBeforeAndAfter() throws Exception {
        append(entry(NINE, "credits.grant", "account:maria", "grant-1"));

        AuditEntry kept = page(mine(), null, 10).get(0);

        assertThat(kept.at()).isEqualTo(NINE);
        assertThat(kept.actor()).isEqualTo(actor);
        assertThat(kept.action()).isEqualTo("credits.grant");
        assertThat(kept.target()).isEqualTo("account:maria");
        assertThat(kept.before().getInt("available")).isEqualTo(10);
        assertThat(kept.after().getInt("available")).isEqualTo(60);
        assertThat(kept.requestId()).isEqualTo("req-" + NINE.getEpochSecond());
        assertThat(kept.idempotencyKey()).isEqualTo("grant-1");
    }

    @Test
    void aRequestRepeatedUnderItsKeyIsOneEntryButAnotherKeyOrActionIsAnother() throws Exception {
        assertThat(appendOnce("credits.grant", "k1")).isTrue();
        assertThat(appendOnce("credits.grant", "k1")).as("the same request again").isFalse();
        assertThat(appendOnce("credits.grant", "k2")).isTrue();
        assertThat(appendOnce("credits.adjust", "k1")).isTrue();
        assertThat(appendOnce("credits.grant", null)).as("without a key every request is new").isTrue();
        assertThat(appendOnce("credits.grant", null)).isTrue();

        assertThat(page(mine(), null, 10)).hasSize(5);
    }

    @Test
    void filtersByActionExactlyOrByPrefixByTargetAndByTime() throws Exception {
        append(entry(NINE, "credits.grant", "account:bo", null));
        append(entry(NINE.plusSeconds(60), "credits.adjust", "account:bo", null));
        append(entry(NINE.plusSeconds(120), "prices.change", "prices", null));
        append(entry(NINE.plusSeconds(180), "credits_grant", "account:cy", null)); // an underscore is no wildcard

        assertThat(page(new AuditQuery(actor, "credits.*", null, null, null), null, 10)).extracting(AuditEntry::action)
                .containsExactly("credits.adjust", "credits.grant");
        assertThat(page(new AuditQuery(actor, "credits.grant", null, null, null), null, 10)).hasSize(1);
        assertThat(page(new AuditQuery(actor, null, "prices", null, null), null, 10)).extracting(AuditEntry::action)
                .containsExactly("prices.change");
        assertThat(page(new AuditQuery(actor, null, null, NINE.plusSeconds(60), NINE.plusSeconds(180)), null, 10))
                .extracting(AuditEntry::action).containsExactly("prices.change", "credits.adjust");
        assertThat(page(new AuditQuery("nobody-" + actor, null, null, null, null), null, 10)).isEmpty();
    }

    @Test
    void pagesNewestFirstWithACursorThatSkipsNothingAndRepeatsNothing() throws Exception {
        for (int i = 0; i < 7; i++) {
            append(entry(NINE.plusSeconds(i), "templates.put", "template:t" + i, null));
        }
        List<AuditEntry> first = page(mine(), null, 3);
        List<AuditEntry> second = page(mine(), first.get(2).id(), 3);
        List<AuditEntry> third = page(mine(), second.get(2).id(), 3);

        assertThat(first).extracting(AuditEntry::target).containsExactly("template:t6", "template:t5", "template:t4");
        assertThat(second).extracting(AuditEntry::target).containsExactly("template:t3", "template:t2", "template:t1");
        assertThat(third).extracting(AuditEntry::target).containsExactly("template:t0");
    }

    @Test
    void theDatabaseRefusesToChangeRemoveOrTruncateAnEntry() throws Exception {
        append(entry(NINE, "jobs.cancel", "job:1", null));

        for (String statement : List.of("UPDATE audit_entries SET actor = 'someone-else' WHERE actor = '" + actor + "'",
                "DELETE FROM audit_entries WHERE actor = '" + actor + "'", "TRUNCATE audit_entries")) {
            assertThatThrownBy(() -> Transactions.tx(db, c -> c.createStatement().executeUpdate(statement)))
                    .as(statement).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(page(mine(), null, 10)).extracting(AuditEntry::actor).containsExactly(actor);
    }

    @Test
    void exportsRfc4180CsvThatNoSpreadsheetRunsAsAFormula() throws Exception {
        AuditEntry entry = new AuditEntry(7, NINE, "=HYPERLINK(\"x\")", "credits.adjust", "account:a,b", null,
                jakarta.json.Json.createObjectBuilder().add("reason", "line one\nline \"two\"").build(), "req-1", "-1");
        StringWriter out = new StringWriter();

        AuditCsv.write(out, entry);

        assertThat(out.toString()).isEqualTo("7,2026-12-08T09:00:00Z,\"'=HYPERLINK(\"\"x\"\")\",credits.adjust,\"account:a,b\",,"
                + "\"{\"\"reason\"\":\"\"line one\\nline \\\"\"two\\\"\"\"\"}\",req-1,'-1\r\n");
        assertThat(AuditCsv.HEADER.split(",")).hasSize(9);
    }
}
