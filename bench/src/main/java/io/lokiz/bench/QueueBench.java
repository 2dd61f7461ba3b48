package io.lokiz.bench;

import io.lokiz.jobs.JobEvents;
import io.lokiz.jobs.JobLeases;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import io.lokiz.testing.TestDatabase;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The job queue against a plain JDBC {@code SKIP LOCKED} loop, on one PostgreSQL, in one run:
 * throughput of no-op jobs claimed and completed by 10 workers, and enqueue-to-start latency.
 * The engine side is a node as the server runs one, on the engine's own code: {@link JobLeases}
 * claims (the global limit of 10 active jobs, leases, the start lock), one dispatcher woken by
 * NOTIFY or a freed slot, 10 workers each ending a job as {@code JobStore.change} does (row lock,
 * lease check, update) and recording it in the engine's event log with its NOTIFY ({@link JobEvents}, as {@code EventLog} does). Only
 * JPA and JTA are left out (they need the container); their statements are the ones written here.
 * The baseline is the plain loop: 10 workers, each claiming one row with {@code FOR UPDATE SKIP
 * LOCKED} and marking it done in a second statement, no limits, leases, log or wake-ups. Job
 * bodies are no-ops, so this measures the queue alone.
 */
public final class QueueBench {

    static final int WORKERS = 10;
    static final int MAX_ACTIVE = 10;
    static final String DUE = "lokiz_jobs_due";
    static final JsonObject EMPTY = Json.createObjectBuilder().build();

    private QueueBench() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int arrivals = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        var database = TestDatabase.freshDatabase();
        DataSource db = database.dataSource();
        System.out.printf("PostgreSQL from %s; %d jobs, %d workers, %d paced arrivals%n", TestDatabase.source(), jobs, WORKERS, arrivals);
        setUpBaseline(db);

        // Warm up both paths once, then measure.
        baselineThroughput(db, 2_000);
        engineThroughput(db, 2_000);
        double baseRate = baselineThroughput(db, jobs);
        double engineRate = engineThroughput(db, jobs);
        double[] baseLatency = baselineLatency(db, arrivals);
        double[] engineLatency = engineLatency(db, arrivals);

        System.out.println();
        System.out.printf("%-28s %18s %18s %8s%n", "", "baseline", "lokiz queue", "ratio");
        System.out.printf("%-28s %18.0f %18.0f %8.2f%n", "throughput (jobs/s)", baseRate, engineRate, engineRate / baseRate);
        System.out.printf("%-28s %18.2f %18.2f %8.2f%n", "enqueue-to-start p50 (ms)", baseLatency[0], engineLatency[0], engineLatency[0] / baseLatency[0]);
        System.out.printf("%-28s %18.2f %18.2f %8.2f%n", "enqueue-to-start p99 (ms)", baseLatency[1], engineLatency[1], engineLatency[1] / baseLatency[1]);
        System.exit(0);
    }

    // ---- baseline: a plain table, claim-and-complete in one statement -------------------------

    static void setUpBaseline(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_jobs (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), done boolean NOT NULL DEFAULT false)");
            st.execute("CREATE INDEX bench_jobs_todo ON bench_jobs (id) WHERE NOT done");
        }
    }

    static double baselineThroughput(DataSource db, int jobs) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO bench_jobs (done) SELECT false FROM generate_series(1, " + jobs + ")");
        }
        vacuum(db);
        return timed(jobs, () -> {
            try (Connection c = db.getConnection()) {
                while (claimAndComplete(c) != null) {
                    // one more done
                }
            }
            return null;
        });
    }

    /**
     * The plain loop's one job: claim the oldest undone row with {@code SKIP LOCKED}, then mark it
     * done in a second statement, in one transaction. Answers its id, or null when none was left.
     */
    static Long claimAndComplete(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (var claim = c.prepareStatement("SELECT id FROM bench_jobs WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
             var complete = c.prepareStatement("UPDATE bench_jobs SET done = true WHERE id = ?")) {
            Long id = null;
            try (var rs = claim.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
            if (id != null) {
                complete.setLong(1, id);
                complete.executeUpdate();
            }
            c.commit();
            return id;
        }
    }

    static double[] baselineLatency(DataSource db, int arrivals) throws Exception {
        vacuum(db);
        Map<Long, Long> committed = new ConcurrentHashMap<>();
        List<Long> waits = new ArrayList<>();
        var stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(pool.submit(() -> {
                try (Connection c = db.getConnection()) {
                    while (!stop.get()) { // a tight poll: the best latency polling can give, at full CPU
                        Long id = claimAndComplete(c);
                        if (id != null) {
                            record(waits, committed.remove(id));
                        }
                    }
                }
                return null;
            }));
        }
        try (Connection c = db.getConnection(); var insert = c.prepareStatement("INSERT INTO bench_jobs (id) VALUES (?)")) {
            for (int i = 0; i < arrivals; i++) {
                long id = 1_000_000_000L + i;
                committed.put(id, System.nanoTime()); // before the insert: a worker may start it at once
                insert.setLong(1, id);
                insert.executeUpdate();
                LockSupport.parkNanos(2_000_000); // paced arrivals, 500/s
            }
            awaitCount(waits, arrivals);
        } finally {
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
        }
        return percentiles(waits);
    }

    // ---- the engine: JobLeases.claim, lease-checked completion, LISTEN/NOTIFY wake-ups --------

    static double engineThroughput(DataSource db, int jobs) throws Exception {
        try (Connection c = db.getConnection(); var st = c.prepareStatement("""
                INSERT INTO job_jobs (id, owner, type, input, output, state, progress, step, run_at, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'bench', 'bench', '{}', '{}', 'PENDING', 0, 'SUBMIT', now() - interval '1 second',
                       now(), now(), 0
                FROM generate_series(1, ?)""")) {
            st.setInt(1, jobs);
            st.executeUpdate();
        }
        vacuum(db);
        try (var node = new Node(db, "bench-node")) {
            long start = System.nanoTime();
            node.run(id -> { }, jobs);
            return jobs / ((System.nanoTime() - start) / 1e9);
        }
    }

    static double[] engineLatency(DataSource db, int arrivals) throws Exception {
        vacuum(db);
        Map<UUID, Long> committed = new ConcurrentHashMap<>();
        List<Long> waits = new ArrayList<>();
        try (var node = new Node(db, "bench-listener")) {
            Future<?> running = Executors.newSingleThreadExecutor().submit(() -> {
                node.run(id -> record(waits, committed.remove(id)), arrivals);
                return null;
            });
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (var insert = c.prepareStatement("""
                        INSERT INTO job_jobs (id, owner, type, input, output, state, progress, step, run_at, created_at, updated_at, version)
                        VALUES (?, 'bench', 'bench', '{}', '{}', 'PENDING', 0, 'SUBMIT', ?, now(), now(), 0)""");
                     var notify = c.prepareStatement("NOTIFY " + DUE)) {
                    for (int i = 0; i < arrivals; i++) {
                        UUID id = UUID.randomUUID();
                        insert.setObject(1, id);
                        insert.setTimestamp(2, Timestamp.from(Instant.now().minusMillis(1)));
                        insert.executeUpdate();
                        notify.execute();
                        committed.put(id, System.nanoTime()); // before the commit that makes it visible
                        c.commit();
                        LockSupport.parkNanos(2_000_000); // paced arrivals, 500/s
                    }
                }
            }
            running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        return percentiles(waits);
    }

    /**
     * One node as the server runs it (JobWorker): a dispatcher with the node's one LISTEN
     * connection claims for all free slots at once and hands jobs to {@link #WORKERS} workers,
     * which complete them and hand the slot back; NOTIFY or a freed slot wakes the dispatcher.
     */
    static final class Node implements AutoCloseable {
        private final DataSource db;
        private final String owner;
        private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        private final java.util.concurrent.BlockingQueue<Boolean> wakeUps = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        private final ThreadLocal<Connection> connection = new ThreadLocal<>();
        private final List<Connection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

        Node(DataSource db, String owner) {
            this.db = db;
            this.owner = owner;
        }

        /** Runs until {@code jobs} jobs are completed; {@code started} hears each job as it starts. */
        void run(java.util.function.Consumer<UUID> started, int jobs) throws Exception {
            var leases = new JobLeases();
            var listening = new AtomicBoolean(true);
            ExecutorService listener = Executors.newSingleThreadExecutor();
            try (Connection c = db.getConnection(); Connection listen = db.getConnection()) {
                try (Statement st = listen.createStatement()) {
                    st.execute("LISTEN " + DUE);
                }
                PGConnection pg = listen.unwrap(PGConnection.class);
                listener.execute(() -> { // the node's one LISTEN connection, as Notifications keeps it
                    while (listening.get()) {
                        try {
                            if (pg.getNotifications(100) != null) {
                                wakeUps.offer(Boolean.TRUE);
                            }
                        } catch (SQLException e) {
                            return;
                        }
                    }
                });
                c.setAutoCommit(false);
                while (done.get() < jobs) {
                    int free = WORKERS - busy.get();
                    List<UUID> claimed = free == 0 ? List.of()
                            : leases.claim(c, owner, free, MAX_ACTIVE, Instant.now(), Duration.ofSeconds(30));
                    c.commit();
                    for (UUID id : claimed) {
                        started.accept(id);
                        busy.incrementAndGet();
                        workers.execute(() -> work(id));
                    }
                    if (claimed.isEmpty()) {
                        // Idle: a freed slot or a NOTIFY wakes us; the 100 ms bound is the safety net.
                        wakeUps.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                        wakeUps.clear();
                    }
                }
            } finally {
                listening.set(false);
                listener.shutdown();
                listener.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        private void work(UUID id) {
            try {
                Connection c = connection.get();
                if (c == null) {
                    c = db.getConnection();
                    c.setAutoCommit(false);
                    connection.set(c);
                    connections.add(c);
                }
                complete(c, id, owner);
                c.commit();
                done.incrementAndGet();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                busy.decrementAndGet();
                wakeUps.offer(Boolean.TRUE);
            }
        }

        @Override
        public void close() throws SQLException {
            workers.shutdown();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    static void vacuum(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE job_jobs");
            st.execute("VACUUM ANALYZE bench_jobs");
        }
    }

    /**
     * A worker's step ending the job, as {@code JobStore.change} does it: the row locked, the
     * lease checked, the change written (the columns JPA's flush writes for it), and the change
     * recorded in the engine's own event log with its NOTIFY, all in one transaction.
     */
    static void complete(Connection c, UUID id, String owner) throws SQLException {
        try (var lock = c.prepareStatement("SELECT version FROM job_jobs WHERE id = ? AND lease_owner = ? FOR UPDATE")) {
            lock.setObject(1, id);
            lock.setString(2, owner);
            long version;
            try (var rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return; // the lease is gone: the change is not ours to make
                }
                version = rs.getLong(1) + 1;
            }
            Instant now = Instant.now();
            try (var st = c.prepareStatement("""
                    UPDATE job_jobs SET step = NULL, run_at = NULL, state = 'COMPLETED', progress = 100, lease_owner = NULL,
                           lease_expires_at = NULL, version = ?, updated_at = ?
                    WHERE id = ? AND version = ?""")) {
                st.setLong(1, version);
                st.setTimestamp(2, Timestamp.from(now));
                st.setObject(3, id);
                st.setLong(4, version - 1);
                st.executeUpdate();
            }
            JobEvents.record(c, new JobRecord(id, "bench", "bench", JobState.COMPLETED, 100, EMPTY, EMPTY, null, 1, null, now, now, version), now);
        }
    }

    // ---- measuring ---------------------------------------------------------------------------

    interface Work {
        Void run() throws Exception;
    }

    /** Runs {@code work} on every worker at once; answers jobs per second. */
    static double timed(int jobs, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        long start = System.nanoTime();
        List<Future<Void>> all = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            all.add(pool.submit(work::run));
        }
        for (Future<Void> f : all) {
            f.get();
        }
        long took = System.nanoTime() - start;
        pool.shutdown();
        return jobs / (took / 1e9);
    }

    static void record(List<Long> waits, Long committedAt) {
        if (committedAt != null) {
            long wait = System.nanoTime() - committedAt;
            synchronized (waits) {
                waits.add(wait);
            }
        }
    }

    static void awaitCount(List<Long> waits, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (waits) {
                if (waits.size() >= expected) {
                    return;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new IllegalStateException("only " + waits.size() + " of " + expected + " jobs started within 60 s");
    }

    static double[] percentiles(List<Long> waits) {
        long[] sorted;
        synchronized (waits) {
            sorted = waits.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(sorted);
        return new double[]{sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
    }
}
