package io.lokiz.assets.control;

import io.lokiz.assets.Image;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One quota for an owner's images and videos, however many uploads arrive at once, on any node:
 * the second upload's check waits for the first upload's transaction and then counts it.
 */
class AssetUsageTest {

    final DataSource database = TestDatabase.freshDatabase().dataSource();

    @Test
    void aConcurrentUploadWaitsForTheFirstAndCountsIt() throws Exception {
        try (Connection first = transaction(); Connection second = transaction()) {
            assertThat(AssetUsage.lock(first, "alice")).isZero();
            new ImageTable().insert(first, image("alice", 700_000));
            long secondPid = pid(second);

            CompletableFuture<Long> secondSees = CompletableFuture.supplyAsync(() -> {
                try {
                    return AssetUsage.lock(second, "alice");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaitingOnALock(secondPid);
            assertThat(secondSees).as("held until the first upload commits").isNotDone();
            first.commit();

            assertThat(secondSees.get(30, TimeUnit.SECONDS)).isEqualTo(700_000);
            second.rollback();
        }
    }

    @Test
    void anotherOwnersUploadDoesNotWait() throws Exception {
        try (Connection first = transaction(); Connection second = transaction()) {
            AssetUsage.lock(first, "alice");
            new ImageTable().insert(first, image("alice", 700_000));

            assertThat(AssetUsage.lock(second, "bob")).isZero();
            first.rollback();
            second.rollback();
        }
    }

    @Test
    void imagesAndVideosCountTogether() throws Exception {
        try (Connection c = transaction()) {
            new ImageTable().insert(c, image("carol", 1_000));
            new ImageTable().insert(c, image("carol", 2_000));
            new ImageTable().insert(c, image("dave", 5_000));

            assertThat(AssetUsage.lock(c, "carol")).isEqualTo(3_000);
            c.rollback();
        }
    }

    private Connection transaction() throws Exception {
        Connection c = database.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static long pid(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Until PostgreSQL reports the backend waiting on a lock (no sleep: the condition, with a deadline). */
    private void awaitWaitingOnALock(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = database.getConnection(); var st = watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            st.setLong(1, pid);
            while (System.nanoTime() < deadline) {
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 1) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("the second upload never waited on the quota lock");
    }

    private static Image image(String owner, long size) {
        UUID id = UUID.randomUUID();
        return new Image(id, owner, "image/png", 64, 48, size, "images/" + id + ".png", Instant.parse("2026-12-02T10:00:00Z"));
    }
}
