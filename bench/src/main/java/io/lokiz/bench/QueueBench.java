package io.lokiz.bench;

import io.lokiz.jobs.JobLeases;
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
 * The engine side is a node as the server runs one: the product's own claim SQL ({@link JobLeases},
 * with the global limit of 10 active jobs, leases and the start lock), one dispatcher woken by
 * NOTIFY or a freed slot, 10 workers each completing a job with a lease-checked update. The
 * baseline claims and completes batches in one statement with no limits, leases or wake-ups:
 * the floor to compare against. Job bodies are no-ops, so this measures the queue alone.
 */
public final class QueueBench {

    static final int WORKERS = 10;
    static final int MAX_ACTIVE = 10;
    static final String DUE = "lokiz_jobs_due";

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
            try (Connection c = db.getConnection(); var st = c.prepareStatement("""
                    UPDATE bench_jobs SET done = true WHERE id IN (
                        SELECT id FROM bench_jobs WHERE NOT done ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED)""")) {
                while (st.executeUpdate() > 0) {
                    // claimed and completed a batch
                }
            }
            return null;
        });
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
                try (Connection c = db.getConnection(); var st = c.prepareStatement("""
                        UPDATE bench_jobs SET done = true WHERE id IN (
                            SELECT id FROM bench_jobs WHERE NOT done ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING id""")) {
                    while (!stop.get()) { // a tight poll: the best latency polling can give, at full CPU
                        try (var rs = st.executeQuery()) {
                            while (rs.next()) {
                                record(waits, committed.remove(rs.getLong(1)));
                            }
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
                complete(c, List.of(id), owner);
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

    static void complete(Connection c, List<UUID> ids, String owner) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE job_jobs SET step = NULL, run_at = NULL, state = 'COMPLETED', progress = 100, lease_owner = NULL,
                       lease_expires_at = NULL, version = version + 1, updated_at = now()
                WHERE id = ANY(?) AND lease_owner = ?""")) {
            st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            st.setString(2, owner);
            st.executeUpdate();
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
