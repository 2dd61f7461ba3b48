package io.lokiz.generation.control;

import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.kernel.Directories;
import io.lokiz.kernel.LogContext;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.ProviderSpend;
import io.lokiz.providers.VideoProvider;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The steps every job type shares with its provider: {@code SUBMIT}, then {@code POLL} until the
 * result is ready (a webhook makes the poll due at once), the attempt timing out after
 * {@code lokiz.jobs.generation-timeout-seconds}; a failure is retried with backoff up to the attempts allowed,
 * a refusal (an input that cannot work) fails the job at once. The result's URI is recorded as
 * the job's {@code result}, and the job goes on to the type's own next step.
 */
@ApplicationScoped
public class ProviderSteps {

    public static final String SUBMIT = "SUBMIT";
    public static final String POLL = "POLL";
    /** Progress once submitted, and once the provider's result is in. */
    static final int SUBMITTED = 5;
    static final int GENERATED = 40;

    private static final Logger LOG = Logger.getLogger(ProviderSteps.class.getName());

    private final VideoProviders providers;
    private final ProviderSpend spend;
    private final GenerationMetrics metrics;
    private final GuardedFetcher fetcher;
    private final GenerationSettings settings;
    private final Clock clock;

    @Inject
    public ProviderSteps(VideoProviders providers, ProviderSpend spend, GenerationMetrics metrics, GuardedFetcher fetcher,
                         GenerationSettings settings, Clock clock) {
        this.providers = providers;
        this.spend = spend;
        this.metrics = metrics;
        this.fetcher = fetcher;
        this.settings = settings;
        this.clock = clock;
    }

    protected ProviderSteps() {
        this(null, null, null, null, null, null);
    }

    /**
     * Where the attempt about to start keeps what the provider makes: its own directory, so that a
     * retry never reads or overwrites what a timed-out attempt left (stored inputs are copied once
     * per job, beside it).
     */
    public static Path attemptDir(JobRun run) {
        return run.workDir().resolve("attempt-" + (run.job().attempts() + 1));
    }

    /** Names the provider's request, once there is one, on every line logged until it is closed. */
    public static LogContext logContext(JobRun run) {
        return LogContext.of("requestId", JobOutput.of(run.job().output()).requestId());
    }

    /** What a submission sends; making it may need local copies of stored inputs. */
    @FunctionalInterface
    public interface RequestMaker {
        GenerationRequest make() throws IOException;
    }

    /** Starts a new attempt at the provider; {@code next} is the step after the result is in. */
    public void submit(JobRun run, String provider, RequestMaker request, String next) {
        Generation generation;
        try {
            GenerationRequest made = request.make();
            VideoProvider to = providers.named(provider);
            String model = to.model(made.task());
            boolean started = run.change(j -> {
                j.enter(JobState.GENERATING);
                j.startAttempt(clock.instant());
                j.record(JobOutput.attempt(model).json()); // a new attempt forgets the last one's request and result
                j.advance(SUBMITTED);
            });
            if (!started) {
                return;
            }
            generation = to.submit(made);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "job " + run.job().id() + ": submission to " + provider + " failed", e);
            generation = new Generation.Failed("the provider could not be reached");
        }
        follow(run, provider, generation, next);
    }

    public void poll(JobRun run, String provider, String next) {
        String requestId = JobOutput.of(run.job().output()).requestId();
        Generation generation;
        try {
            generation = providers.named(provider).poll(requestId);
        } catch (RuntimeException e) {
            LOG.warning("job " + run.job().id() + ": poll of " + provider + " request " + requestId + " failed, polling again: " + e);
            generation = new Generation.Running(requestId); // a failed poll is retried; the timeout still applies
        }
        follow(run, provider, generation, next);
    }

    /**
     * The provider's result as a file on this node: a local render, or a provider's URL fetched
     * through the SSRF guard into {@code fileName}. Empty when the job was moved on instead: failed
     * (the guard refused the URL), due again later at {@code step} (the fetch failed), or back to
     * {@code SUBMIT} (a local render made on another node is not here).
     */
    public Optional<Path> result(JobRun run, String fileName, Set<String> contentTypes, String step) {
        String result = JobOutput.of(run.job().output()).result();
        try {
            if (result != null && result.startsWith("file:")) {
                Path local = Path.of(URI.create(result));
                if (Files.isRegularFile(local)) {
                    return Optional.of(local);
                }
            } else if (result != null) {
                Path fetched = run.workDir().resolve(fileName);
                if (!Files.isRegularFile(fetched)) {
                    fetcher.fetch(result, contentTypes, fetched);
                }
                return Optional.of(fetched);
            }
            run.change(j -> j.redoAttempt(SUBMIT, clock.instant()));
        } catch (FetchRefused e) {
            LOG.warning("job " + run.job().id() + ": provider result refused: " + e.getMessage());
            run.change(j -> j.fail("the provider's result could not be fetched", clock.instant()));
        } catch (IOException e) {
            LOG.warning("job " + run.job().id() + ": provider result not fetched, retrying: " + e.getMessage());
            run.change(j -> j.next(step, clock.instant().plus(settings.backoffAfter(2))));
        }
        return Optional.empty();
    }

    /** Completes the job and, once that committed, removes its scratch files. */
    public void complete(JobRun run) {
        if (run.change(j -> j.complete(clock.instant()))) {
            try {
                Directories.delete(run.workDir());
            } catch (IOException e) {
                LOG.fine("job " + run.job().id() + ": scratch files stay for housekeeping: " + e.getMessage());
            }
        }
    }

    /** Moves the job on from what the provider said. */
    private void follow(JobRun run, String provider, Generation generation, String next) {
        Instant now = clock.instant();
        metrics.providerOutcome(provider, generation.getClass().getSimpleName().toLowerCase());
        if (generation instanceof Generation.Finished finished) {
            run.change(j -> {
                j.record(JobOutput.of(j.output()).withResult(finished.result().toString()).json());
                j.advance(GENERATED);
                j.next(next, now);
            });
        } else if (generation instanceof Generation.Running running) {
            if (running.costUsd() > 0) {
                spend.record(run.job().id(), provider, running.requestId(), running.costUsd());
            }
            run.change(j -> {
                if (j.attemptTimedOut(now, settings.timeout())) {
                    retryOrFail(j, "generation timed out after " + settings.timeout().toSeconds() + " s", now);
                } else {
                    j.record(JobOutput.of(j.output()).withRequest(running.requestId()).json());
                    j.await(provider + ":" + running.requestId(), POLL, now.plus(settings.providerPoll()));
                }
            });
        } else if (generation instanceof Generation.Deferred deferred) {
            // Nothing was tried: the provider asked for time (429) or its breaker is open. The job
            // waits in its row, and the attempt it was in (or about to start) is not counted.
            LOG.info("job " + run.job().id() + ": " + deferred.reason() + "; asking again in " + deferred.delay().toSeconds() + " s");
            run.change(j -> {
                String waitingOn = JobOutput.of(j.output()).requestId();
                if (waitingOn == null) {
                    j.redoAttempt(SUBMIT, now.plus(deferred.delay()));
                } else {
                    j.await(provider + ":" + waitingOn, POLL, now.plus(deferred.delay()));
                }
            });
        } else if (generation instanceof Generation.Refused refused) {
            LOG.warning("job " + run.job().id() + ": " + provider + " refused: " + refused.reason());
            run.change(j -> j.fail(refused.reason(), now));
        } else {
            String reason = ((Generation.Failed) generation).reason();
            LOG.warning("job " + run.job().id() + ": " + provider + " attempt failed: " + reason);
            run.change(j -> retryOrFail(j, reason, now));
        }
    }

    private void retryOrFail(JobChange job, String reason, Instant now) {
        job.attemptFailed(reason, settings.maxAttempts(), SUBMIT, now.plus(settings.backoffAfter(job.attempts())), now);
    }
}
