package io.lokiz.jobs.control;

import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.lokiz.testing.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

/** Forgetting on schedule, against a real PostgreSQL and real files. */
class RetentionTest {

    final Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final Retention retention = new Retention(Duration.ofHours(24), Duration.ofDays(30));
    DataSource db;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        db = TestDatabase.freshDatabase().dataSource();
    }

    @Test
    void keepsScratchFilesOfRunningAndFreshlyFailedJobsAndDeletesTheRest() throws Exception {
        UUID running = job("ENCODING", now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(30)));
        UUID failedLately = job("FAILED", now, now.minus(Duration.ofHours(2)));
        UUID failedLongAgo = job("FAILED", now, now.minus(Duration.ofHours(25)));
        UUID completed = job("COMPLETED", now, now);
        Path work = dir.resolve("work");
        for (UUID id : new UUID[]{running, failedLately, failedLongAgo, completed, UUID.randomUUID()}) {
            Files.createDirectories(work.resolve(id.toString()).resolve("out"));
            Files.writeString(work.resolve(id.toString()).resolve("out/video.mp4"), "x");
        }
        Files.createDirectories(work.resolve("lost+found"));

        int deleted = tx(db, c -> retention.sweepWorkDirs(c, work, now));

        assertThat(deleted).isEqualTo(3);
        try (var left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(running.toString(), failedLately.toString(), "lost+found");
        }
        assertThat(tx(db, c -> retention.sweepWorkDirs(c, work, now)).intValue()).isZero();
    }

    @Test
    void forgetsFinishedJobsAfterThirtyDays() throws Exception {
        UUID old = job("COMPLETED", now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(31)));
        UUID recent = job("COMPLETED", now.minus(Duration.ofDays(29)), now.minus(Duration.ofDays(29)));
        UUID stuck = job("GENERATING", now.minus(Duration.ofDays(31)), now);

        int expired = tx(db, c -> retention.expireJobs(c, now, 100));

        assertThat(expired).isEqualTo(1);
        assertThat(exists("job_jobs", old)).isFalse();
        assertThat(exists("job_jobs", recent)).isTrue();
        assertThat(exists("job_jobs", stuck)).isTrue();
        assertThat(tx(db, c -> retention.expireJobs(c, now, 100)).intValue()).isZero();
    }

    private UUID job(String state, Instant created, Instant updated) throws Exception {
        UUID id = UUID.randomUUID();
        boolean done = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELED");
        tx(db, c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_jobs (id, owner, type, input, output, state, progress, step, run_at, created_at, updated_at, version)
                    VALUES (?, 'alice', 'test', '{}', '{}', ?, 0, ?, ?, ?, ?, 0)""")) {
                st.setObject(1, id);
                st.setString(2, state);
                st.setString(3, done ? null : "ENCODE");
                st.setTimestamp(4, done ? null : Timestamp.from(updated));
                st.setTimestamp(5, Timestamp.from(created));
                st.setTimestamp(6, Timestamp.from(updated));
                return st.executeUpdate();
            }
        });
        return id;
    }

    private boolean exists(String table, UUID id) throws Exception {
        return tx(db, c -> {
            try (var st = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
                st.setObject(1, id);
                try (var rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
