package io.lokiz.analytics.control;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Playback figures over some span: plays, distinct viewers, seconds watched, plays watched to the end (and their share), errors. */
@Schema(name = "PlaybackFigures")
public record Figures(long plays, long uniqueViewers, double watchSeconds, long completions, double completionRate, long errors) {

    static Figures of(long plays, long uniqueViewers, double watchSeconds, long completions, long errors) {
        // A player may report an end without its start (it was cut off): the share never passes 1.
        double rate = plays == 0 ? 0 : Math.min(1.0, (double) completions / plays);
        return new Figures(plays, uniqueViewers, Math.round(watchSeconds * 10) / 10.0, completions, Math.round(rate * 1000) / 1000.0, errors);
    }
}
