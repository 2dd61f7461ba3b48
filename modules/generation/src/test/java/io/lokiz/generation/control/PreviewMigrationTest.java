package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static io.lokiz.testing.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

/** The reshape's migration (V9) carries jobs, images and videos of the old tables over, readable by today's code. */
class PreviewMigrationTest {

    final UUID image = UUID.randomUUID();
    final UUID done = UUID.randomUUID();
    final UUID waiting = UUID.randomUUID();
    final UUID video = UUID.randomUUID();

    @Test
    void carriesACompletedAndAWaitingPreviewOver() throws Exception {
        var db = TestDatabase.emptyDatabase();
        migrate(db, "8");
        DataSource ds = db.dataSource();
        tx(ds, c -> {
            c.createStatement().execute("""
                    INSERT INTO job_images VALUES ('%1$s', 'image/png', 600, 800, 3, 'images/%1$s.png', now() - interval '2 days', 'alice');
                    INSERT INTO job_jobs (id, owner, image_id, state, progress, duration_s, resolution, fps, format, enable_hls,
                                          enable_branding, step, run_at, provider, price, provider_request_id, video_id,
                                          created_at, updated_at, version)
                    VALUES ('%2$s', 'alice', '%1$s', 'COMPLETED', 100, 4, '720p', 24, 'mp4', true, false, NULL, NULL, 'local', 10,
                            NULL, '%4$s', now(), now(), 7),
                           ('%3$s', 'alice', '%1$s', 'GENERATING', 5, 5, '1080p', 30, 'webm', false, false, 'POLL', now(), 'fal', 12,
                            'req-1', NULL, now(), now(), 3);
                    INSERT INTO job_videos VALUES ('%4$s', '%2$s', 'videos/%4$s/video.mp4', NULL, 'videos/%4$s/hls/index.m3u8',
                                                   'videos/%4$s/thumbnail.jpg', 4, 1000, 720, 1280, now(), 'alice');
                    INSERT INTO job_events VALUES ('%2$s', 7, 'completed', '{"urls":"https://old/signed"}', now());
                    """.formatted(image, done, waiting, video));
            return null;
        });

        migrate(db, null);

        JobRecord completed = latestEvent(ds, done);
        assertThat(completed.type()).isEqualTo(VideoPipeline.PREVIEW);
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.version()).isEqualTo(7);
        ClipInput input = ClipInput.of(completed.input());
        assertThat(input.imageKey()).isEqualTo("images/" + image + ".png");
        assertThat(input.frame().width()).isEqualTo(720);
        assertThat(input.frame().height()).isEqualTo(1280);
        assertThat(input.settings().enableHLS()).isTrue();
        assertThat(input.price()).isEqualTo(10);
        VideoFiles files = VideoFiles.of(completed.output().getJsonObject("video"));
        assertThat(files.id()).isEqualTo(video);
        assertThat(files.hls()).isEqualTo("videos/" + video + "/hls/index.m3u8");
        assertThat(files.webm()).isNull();

        JobRecord polling = latestEvent(ds, waiting);
        assertThat(ClipInput.of(polling.input()).frame().height()).isEqualTo(1920);
        assertThat(polling.output().getString("requestId")).isEqualTo("req-1");
        assertThat(value(ds, "SELECT waiting_on FROM job_jobs WHERE id = '" + waiting + "'")).isEqualTo("fal:req-1");
        assertThat(value(ds, "SELECT count(*) FROM asset_images WHERE last_used_at IS NOT NULL")).isEqualTo("1");
    }

    private static void migrate(TestDatabase.Database db, String target) {
        var flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("filesystem:" + TestDatabase.migrationsDirectory());
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private static JobRecord latestEvent(DataSource ds, UUID job) throws Exception {
        return JobRecord.fromJson(value(ds, "SELECT payload FROM job_events WHERE job_id = '" + job + "' ORDER BY version DESC LIMIT 1"));
    }

    private static String value(DataSource ds, String sql) throws Exception {
        return tx(ds, c -> {
            try (var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
