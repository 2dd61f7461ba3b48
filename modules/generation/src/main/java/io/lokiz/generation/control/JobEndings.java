package io.lokiz.generation.control;

import io.lokiz.credits.Credits;
import io.lokiz.jobs.JobEnded;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.providers.ProviderFinished;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/** What follows from a job's end and from a provider's word: credits settled, providers told, waiting jobs woken. */
@ApplicationScoped
public class JobEndings {

    private static final Logger LOG = Logger.getLogger(JobEndings.class.getName());

    private final Credits credits;
    private final VideoProviders providers;
    private final Jobs jobs;
    private final GenerationMetrics metrics;
    private final JobTypes types;

    @Inject
    public JobEndings(Credits credits, VideoProviders providers, Jobs jobs, GenerationMetrics metrics, JobTypes types) {
        this.credits = credits;
        this.providers = providers;
        this.jobs = jobs;
        this.metrics = metrics;
        this.types = types;
    }

    protected JobEndings() {
        this(null, null, null, null, null);
    }

    /**
     * A job that just ended settles its credits in the same transaction: charged when completed,
     * given back when failed or canceled. The ledger settles a hold once, so a step run twice, a
     * duplicate webhook or a node that died after committing cannot charge twice.
     */
    void settle(@Observes JobEnded ended) {
        String reference = Intake.creditReference(ended.job().id());
        if (ended.job().state() == JobState.COMPLETED) {
            credits.capture(reference);
        } else {
            credits.release(reference);
        }
    }

    /** Counts the credits settled, once the settlement committed. */
    void countSettled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        types.input(ended.job()).ifPresent(input ->
                metrics.credits(ended.job().state() == JobState.COMPLETED ? "captured" : "released", input.price()));
    }

    /** Tells the provider to stop a canceled job's generation, after the cancel committed; best effort. */
    void stopAtProvider(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        var job = ended.job();
        String requestId = JobOutput.of(job.output()).requestId();
        String provider = types.input(job).map(JobInput::provider).orElse(null);
        if (job.state() != JobState.CANCELED || provider == null || requestId == null) {
            return;
        }
        try {
            providers.named(provider).cancel(requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": the provider was not told of the cancel", e);
        }
    }

    /** A provider's verified webhook: the job waiting on that request polls now. */
    void providerFinished(@Observes ProviderFinished finished) {
        jobs.wake(finished.provider() + ":" + finished.requestId());
    }
}
