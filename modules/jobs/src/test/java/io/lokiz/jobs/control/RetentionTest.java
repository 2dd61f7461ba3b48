package io.lokiz.jobs.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.control.FileSystemStorage;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
    FileSystemStorage storage;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        db = TestDatabase.freshDatabase().dataSource();
        var tickets = new Tickets("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), new MutableClock(now));
        storage = new FileSystemStorage(dir.resolve("storage"), "https://cdn.test/media/", tickets, Duration.ofHours(1));
    }

    @Test
    void keepsScratchFilesOfRunningAndFreshlyFailedJobsAndDeletesTheRest() throws Exception {
        UUID image = image(now);
        UUID running = job(image, "ENCODING", now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(30)));
        UUID failedLately = job(image, "FAILED", now, now.minus(Duration.ofHours(2)));
        UUID failedLongAgo = job(image, "FAILED", now, now.minus(Duration.ofHours(25)));
        UUID completed = job(image, "COMPLETED", now, now);
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
    void forgetsFinishedJobsAndTheirVideosAfterThirtyDays() throws Exception {
        UUID image = image(now.minus(Duration.ofDays(40)));
        UUID old = job(image, "COMPLETED", now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(31)));
        UUID recent = job(image, "COMPLETED", now.minus(Duration.ofDays(29)), now.minus(Duration.ofDays(29)));
        UUID stuck = job(image, "GENERATING", now.minus(Duration.ofDays(31)), now);
        UUID video = video(old);

        int expired = tx(db, c -> retention.expireJobs(c, storage, now, 100));

        assertThat(expired).isEqualTo(1);
        assertThat(exists("job_jobs", old)).isFalse();
        assertThat(exists("job_videos", video)).isFalse();
        assertThat(storage.find("videos/" + video + "/video.mp4")).isEmpty();
        assertThat(exists("job_jobs", recent)).isTrue();
        assertThat(exists("job_jobs", stuck)).isTrue();
        assertThat(tx(db, c -> retention.expireJobs(c, storage, now, 100)).intValue()).isZero();
    }

    @Test
    void forgetsOldImagesNoJobUses() throws Exception {
        UUID unused = image(now.minus(Duration.ofDays(31)));
        UUID used = image(now.minus(Duration.ofDays(31)));
        job(used, "COMPLETED", now, now);

        assertThat(tx(db, c -> retention.expireImages(c, storage, now, 100)).intValue()).isEqualTo(1);
        assertThat(exists("job_images", unused)).isFalse();
        assertThat(storage.find("images/" + unused + ".png")).isEmpty();
        assertThat(exists("job_images", used)).isTrue();
    }

    private UUID image(Instant created) throws Exception {
        UUID id = UUID.randomUUID();
        storage.put("images/" + id + ".png", new ByteArrayInputStream(new byte[]{1, 2, 3}));
        tx(db, c -> update(c, "INSERT INTO job_images VALUES (?, 'image/png', 64, 48, 3, 'images/" + id + ".png', ?, 'alice')", id, created));
        return id;
    }

    private UUID job(UUID image, String state, Instant created, Instant updated) throws Exception {
        UUID id = UUID.randomUUID();
        boolean done = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELED");
        tx(db, c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_jobs (id, owner, image_id, state, progress, duration_s, resolution, fps, format, enable_hls,
                                          enable_branding, step, run_at, provider, price, created_at, updated_at, version)
                    VALUES (?, 'alice', ?, ?, 0, 4, '720p', 24, 'mp4', false, false, ?, ?, 'local', 0, ?, ?, 0)""")) {
                st.setObject(1, id);
                st.setObject(2, image);
                st.setString(3, state);
                st.setString(4, done ? null : "ENCODE");
                st.setTimestamp(5, done ? null : Timestamp.from(updated));
                st.setTimestamp(6, Timestamp.from(created));
                st.setTimestamp(7, Timestamp.from(updated));
                return st.executeUpdate();
            }
        });
        return id;
    }

    private UUID video(UUID job) throws Exception {
        UUID id = UUID.randomUUID();
        storage.put("videos/" + id + "/video.mp4", new ByteArrayInputStream(new byte[]{1}));
        storage.put("videos/" + id + "/thumbnail.jpg", new ByteArrayInputStream(new byte[]{1}));
        tx(db, c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_videos VALUES (?, ?, 'videos/%1$s/video.mp4', NULL, NULL, 'videos/%1$s/thumbnail.jpg', 4, 1, 720, 1280, now(), 'alice')"""
                    .formatted(id))) {
                st.setObject(1, id);
                st.setObject(2, job);
                st.executeUpdate();
            }
            return update(c, "UPDATE job_jobs SET video_id = ? WHERE id = '" + job + "'", id, null);
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

    private static int update(Connection c, String sql, UUID id, Instant at) throws Exception {
        try (var st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            if (at != null) {
                st.setTimestamp(2, Timestamp.from(at));
            }
            return st.executeUpdate();
        }
    }
}
