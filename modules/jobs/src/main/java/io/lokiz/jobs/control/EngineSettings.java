package io.lokiz.jobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The job engine's configuration ({@code lokiz.jobs.max-*}, {@code lokiz.worker.*}); README lists every key. */
@ApplicationScoped
public class EngineSettings {

    private final int slots;
    private final int maxActive;
    private final int maxQueued;
    private final Duration lease;
    private final Duration idlePoll;
    private final Path workRoot;
    private final String nodeId;

    @Inject
    public EngineSettings(@ConfigProperty(name = "lokiz.worker.slots", defaultValue = "2") int slots,
                          @ConfigProperty(name = "lokiz.jobs.max-active", defaultValue = "10") int maxActive,
                          @ConfigProperty(name = "lokiz.jobs.max-queued", defaultValue = "100") int maxQueued,
                          @ConfigProperty(name = "lokiz.worker.lease-seconds", defaultValue = "30") int leaseSeconds,
                          @ConfigProperty(name = "lokiz.worker.idle-poll-millis", defaultValue = "1000") int idlePollMillis,
                          @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir) {
        this.slots = slots;
        this.maxActive = maxActive;
        this.maxQueued = maxQueued;
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.idlePoll = Duration.ofMillis(idlePollMillis);
        this.workRoot = Path.of(dataDir).resolve("work").toAbsolutePath();
        this.nodeId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected EngineSettings() {
        this(2, 10, 100, 30, 1000, "data");
    }

    public int slots() {
        return slots;
    }

    /** The spec's limit of jobs running at once, on all nodes together. */
    public int maxActive() {
        return maxActive;
    }

    /** The spec's queue capacity: past this many jobs waiting or active, new ones are refused. */
    public int maxQueued() {
        return maxQueued;
    }

    public Duration lease() {
        return lease;
    }

    public Duration idlePoll() {
        return idlePoll;
    }

    /** Where this node keeps the jobs' scratch directories. */
    public Path workRoot() {
        return workRoot;
    }

    /** This job's scratch directory on this node. */
    public Path workDir(UUID jobId) {
        return workRoot.resolve(jobId.toString());
    }

    /** Names this node in lease columns. */
    public String nodeId() {
        return nodeId;
    }
}
