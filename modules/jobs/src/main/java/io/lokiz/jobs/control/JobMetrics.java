package io.lokiz.jobs.control;

import io.lokiz.jobs.JobEnded;
import io.lokiz.jobs.JobState;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's metrics at {@code /metrics}: jobs waiting and working by type and state, against
 * the limits; jobs ended by type and state; how long each step takes. Cheap to scrape: the
 * counts of unfinished jobs are one grouped query over the few rows not yet ended, at most every
 * {@link #FRESH} whatever the scrape rate, and ended jobs are counted as they end.
 */
@ApplicationScoped
public class JobMetrics {

    static final Duration FRESH = Duration.ofSeconds(5);
    private static final Metadata ENDED = Metadata.builder().withName("lokiz_jobs_ended")
            .withDescription("Jobs ended, by type and final state").build();
    private static final Metadata STEP = Metadata.builder().withName("lokiz_job_step")
            .withDescription("Time a job step takes, by type and step").build();
    static final List<JobState> UNFINISHED = List.of(JobState.PENDING, JobState.GENERATING, JobState.ENCODING, JobState.UPLOADING);

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final MetricRegistry registry;
    private final Pipelines pipelines;
    private final EngineSettings settings;
    private final Clock clock;
    private volatile Map<String, Long> counts = Map.of();
    private volatile Instant countedAt = Instant.EPOCH;

    @Inject
    public JobMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry, Pipelines pipelines,
                      EngineSettings settings, Clock clock) {
        this.registry = registry;
        this.pipelines = pipelines;
        this.settings = settings;
        this.clock = clock;
    }

    protected JobMetrics() {
        this(null, null, null, null);
    }

    /** Registers the gauges once the job types are known. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (String type : pipelines.types()) {
            for (JobState state : UNFINISHED) {
                String key = type + "/" + state.wire();
                registry.gauge(Metadata.builder().withName("lokiz_jobs").withDescription("Jobs not yet ended, by type and state").build(),
                        this, m -> m.count(key), new Tag("type", type), new Tag("state", state.wire()));
            }
        }
        registry.gauge(Metadata.builder().withName("lokiz_jobs_active").withDescription("Jobs generating, encoding or uploading").build(),
                this, m -> m.total(List.of("generating", "encoding", "uploading")));
        registry.gauge(Metadata.builder().withName("lokiz_jobs_active_limit").withDescription("lokiz.jobs.max-active").build(),
                settings, s -> s.maxActive());
        registry.gauge(Metadata.builder().withName("lokiz_jobs_queued").withDescription("Jobs waiting or running, as admission counts them").build(),
                this, m -> m.total(UNFINISHED.stream().map(JobState::wire).toList()));
        registry.gauge(Metadata.builder().withName("lokiz_jobs_queued_limit").withDescription("lokiz.jobs.max-queued").build(),
                settings, s -> s.maxQueued());
    }

    /** Counts a job that ended, once its end committed. */
    void ended(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        registry.counter(ENDED, new Tag("type", ended.job().type()), new Tag("state", ended.job().state().wire())).inc();
    }

    /** Records how long one step of a job of {@code type} took. */
    void step(String type, String step, long nanos) {
        registry.timer(STEP, new Tag("type", type), new Tag("step", step.toLowerCase(java.util.Locale.ROOT))).update(Duration.ofNanos(nanos));
    }

    private long count(String key) {
        return snapshot().getOrDefault(key, 0L);
    }

    private long total(List<String> states) {
        return snapshot().entrySet().stream().filter(e -> states.contains(e.getKey().substring(e.getKey().indexOf('/') + 1)))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private Map<String, Long> snapshot() {
        Instant now = clock.instant();
        if (now.isAfter(countedAt.plus(FRESH))) {
            countedAt = now; // one query per period, however many scrapes and gauges ask
            try {
                counts = Jdbc.run(database, "job metrics", c -> {
                    var fresh = new ConcurrentHashMap<String, Long>();
                    try (var st = c.prepareStatement("SELECT type, state, count(*) FROM job_jobs WHERE state IN (?, ?, ?, ?) GROUP BY type, state")) {
                        for (int i = 0; i < UNFINISHED.size(); i++) {
                            st.setString(i + 1, UNFINISHED.get(i).name());
                        }
                        try (var rs = st.executeQuery()) {
                            while (rs.next()) {
                                fresh.put(rs.getString(1) + "/" + JobState.valueOf(rs.getString(2)).wire(), rs.getLong(3));
                            }
                        }
                    }
                    return Map.copyOf(fresh);
                });
            } catch (IllegalStateException databaseDown) {
                // the last counts stand; readiness says the database is down
            }
        }
        return counts;
    }
}
