package io.lokiz.generation.control;

import io.lokiz.jobs.DetachedJobRun;
import io.lokiz.jobs.Pipeline;
import io.lokiz.testing.MutableClock;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives a job held in memory as the engine would, with time moved by hand. */
public final class Runs {

    private Runs() {
    }

    /** Runs every step, moving the clock to each one that is due later, until the job ends (at most 50 steps). */
    public static void toTheEnd(DetachedJobRun job, Pipeline pipeline, MutableClock clock) {
        for (int steps = 0; steps < 50 && job.step() != null; steps++) {
            if (job.runAt().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), job.runAt()));
            }
            job.runDueStep(pipeline);
        }
        assertThat(job.step()).as("the job ended").isNull();
    }
}
