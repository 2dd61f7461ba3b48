package io.lokiz.analytics.control;

import io.lokiz.analytics.PlaybackEvent;
import io.lokiz.analytics.PlaybackEvent.Kind;
import io.lokiz.testing.TestDatabase;
import io.lokiz.testing.Transactions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Playback figures against a real PostgreSQL: counted per video and day, read without scanning events. */
class PlaybackTableTest {

    static DataSource db;
    static final LocalDate MONDAY = LocalDate.parse("2026-11-23");
    final UUID video = UUID.randomUUID();

    @BeforeAll
    static void database() {
        db = TestDatabase.freshDatabase().dataSource();
    }

    void report(LocalDate day, Kind kind, double seconds, String viewer) throws Exception {
        Transactions.tx(db, c -> {
            PlaybackTable.count(c, video, "owner", day, new PlaybackEvent(kind, seconds, viewer));
            return null;
        });
    }

    VideoStats stats(LocalDate from, LocalDate to) throws Exception {
        return Transactions.tx(db, c -> PlaybackTable.video(c, video, from, to));
    }

    @Test
    void countsPlaysViewersWatchTimeAndCompletionsPerDay() throws Exception {
        report(MONDAY, Kind.PLAY, 0, "ann");
        report(MONDAY, Kind.PROGRESS, 2.5, "ann");
        report(MONDAY, Kind.PROGRESS, 1.5, "ann");
        report(MONDAY, Kind.COMPLETE, 0, "ann");
        report(MONDAY, Kind.PLAY, 0, "ann"); // watched again: a play, not a new viewer
        report(MONDAY, Kind.PLAY, 0, "bo");
        report(MONDAY, Kind.ERROR, 0, "bo");
        report(MONDAY.plusDays(1), Kind.PLAY, 0, "ann");

        VideoStats week = stats(MONDAY, MONDAY.plusDays(6));

        Figures monday = week.days().get(0).figures();
        assertThat(monday).isEqualTo(new Figures(3, 2, 4.0, 1, 0.333, 1));
        assertThat(week.days()).extracting(VideoStats.Day::day).containsExactly(MONDAY, MONDAY.plusDays(1));
        assertThat(week.total()).as("ann on two days is still one viewer").isEqualTo(new Figures(4, 2, 4.0, 1, 0.25, 1));
        assertThat(week.owner()).isEqualTo("owner");
    }

    @Test
    void countsAViewerOnceWhenTheirFirstPlaysArriveTogether() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        var plays = new ArrayList<Callable<Void>>();
        for (int i = 0; i < 40; i++) {
            plays.add(() -> {
                report(MONDAY, Kind.PLAY, 0, "same viewer");
                return null;
            });
        }
        try {
            for (var done : pool.invokeAll(plays)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(stats(MONDAY, MONDAY).total()).extracting(Figures::plays, Figures::uniqueViewers).containsExactly(40L, 1L);
    }

    @Test
    void ranksVideosByPlaysWithinTheSpan() throws Exception {
        UUID quiet = UUID.randomUUID();
        report(MONDAY, Kind.PLAY, 0, "ann");
        report(MONDAY, Kind.PLAY, 0, "bo");
        Transactions.tx(db, c -> {
            PlaybackTable.count(c, quiet, "owner", MONDAY, new PlaybackEvent(Kind.PLAY, 0, "cy"));
            PlaybackTable.count(c, quiet, "owner", MONDAY.minusDays(30), new PlaybackEvent(Kind.PLAY, 0, "cy"));
            PlaybackTable.count(c, quiet, "owner", MONDAY.minusDays(30), new PlaybackEvent(Kind.PLAY, 0, "dee"));
            return null;
        });

        var top = Transactions.tx(db, c -> PlaybackTable.top(c, MONDAY, MONDAY, 100));

        assertThat(top).extracting(VideoStats.Summary::videoId).containsSubsequence(video, quiet);
        assertThat(top.stream().filter(s -> s.videoId().equals(quiet)).findFirst().orElseThrow().figures().plays())
                .as("plays outside the span do not count").isEqualTo(1);
    }

    @Test
    void forgetsDaysBeforeTheKeptSpan() throws Exception {
        report(MONDAY.minusDays(100), Kind.PLAY, 0, "ann");
        report(MONDAY, Kind.PLAY, 0, "ann");

        Transactions.tx(db, c -> PlaybackTable.prune(c, MONDAY.minusDays(90)));

        assertThat(stats(MONDAY.minusDays(200), MONDAY).days()).extracting(VideoStats.Day::day).containsExactly(MONDAY);
    }

    @Test
    void takesSecondsOnlyWithProgress() {
        assertThatThrownBy(() -> new PlaybackEvent(Kind.PROGRESS, 0, "ann")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlaybackEvent(Kind.PLAY, 3, "ann")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlaybackEvent(Kind.PROGRESS, Double.NaN, "ann")).isInstanceOf(IllegalArgumentException.class);
    }
}
