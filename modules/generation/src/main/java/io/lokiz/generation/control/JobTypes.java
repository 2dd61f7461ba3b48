package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every job type registered (each a {@link JobType} bean), by name and by the request it takes. */
@ApplicationScoped
public class JobTypes {

    private final Map<String, JobType<?>> byName = new TreeMap<>();

    @Inject
    public JobTypes(@Any Instance<JobType<?>> types) {
        this((Iterable<JobType<?>>) types);
    }

    protected JobTypes() {
        this((Iterable<JobType<?>>) null);
    }

    private JobTypes(Iterable<JobType<?>> types) {
        if (types != null) {
            types.forEach(t -> byName.put(t.name(), t));
        }
    }

    /** These types alone, outside the container (unit tests of the job types). */
    public static JobTypes of(JobType<?>... types) {
        return new JobTypes(List.of(types));
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The type that takes {@code request}. */
    @SuppressWarnings("unchecked")
    public <R extends JobRequest> JobType<R> of(R request) {
        JobType<?> type = byName.get(request.type());
        if (type == null || !type.requestType().isInstance(request)) {
            throw new IllegalArgumentException("no job type takes " + request.getClass().getSimpleName() + " as " + request.type());
        }
        return (JobType<R>) type;
    }

    public Optional<JobType<?>> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The job's input, read by its own type; empty for a type that is not ours. */
    public Optional<JobInput> input(JobRecord job) {
        return named(job.type()).map(t -> t.input(job.input()));
    }
}
