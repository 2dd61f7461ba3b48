package io.lokiz.analytics.control;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One video's playback from {@code from} to {@code to}: over the span ({@code total}) and day by day. */
public record VideoStats(UUID videoId, String owner, LocalDate from, LocalDate to, Figures total, List<Day> days) {

    @Schema(name = "VideoStatsDay")
    public record Day(LocalDate day, Figures figures) {
    }

    /** A video's figures in a ranking. */
    @Schema(name = "VideoStatsSummary")
    public record Summary(UUID videoId, String owner, Figures figures) {
    }
}
