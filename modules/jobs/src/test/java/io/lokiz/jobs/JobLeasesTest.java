package io.lokiz.jobs;

import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lokiz.testing.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

/** The queue on a real PostgreSQL, worked by two engines with their own connections, as two nodes. */
class JobLeasesTest {

    static final List<String> STEPS = List.of("SUBMIT", "ENCODE", "UPLOAD", "COMPLETE");
    final JobLeases leases = new JobLeases();
    DataSource nodeA;
    DataSource nodeB;

    @BeforeEach
    void database() {
        var db = TestDatabase.freshDatabase();
        nodeA = db.dataSource();
        nodeB = db.dataSource();
    }

    @Test
    void twoEnginesDrainTheQueueWithoutRunningAnyStepTwice() throws Exception {
        for (int i = 0; i < 200; i++) {
            tx(nodeA, this::insertJob);
        }
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(10);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            DataSource node = w % 2 == 0 ? nodeA : nodeB;
            String owner = (w % 2 == 0 ? "node-a-" : "node-b-") + w;
            done.add(workers.submit(() -> work(node, owner, runs)));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES); // a generous deadline: a loaded machine is slower, never wrong
        }
        workers.shutdown();

        assertThat(runs).hasSize(200 * STEPS.size());
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(count("SELECT count(*) FROM job_jobs WHERE state = 'COMPLETED' AND step IS NULL")).isEqualTo(200);
    }

    @Test
    void aPausedTypesQueuedJobsWaitWhileItsRunningOnesGoOnOnEveryNode() throws Exception {
        UUID running = tx(nodeA, this::insertJob);
        Instant t = Instant.now();
        Duration lease = Duration.ofSeconds(30);
        assertThat(claim(nodeA, "node-a", t, lease)).containsExactly(running);
        tx(nodeA, c -> update(c, "UPDATE job_jobs SET state = 'GENERATING', lease_owner = NULL, lease_expires_at = NULL WHERE id = ?", running));
        UUID queued = tx(nodeA, this::insertJob);

        tx(nodeA, c -> c.createStatement().executeUpdate("INSERT INTO job_type_pauses VALUES ('test', now(), 'ops')"));

        assertThat(claim(nodeB, "node-b", t.plusSeconds(1), lease)).as("the running job's next step").containsExactly(running);
        assertThat(claim(nodeB, "node-b", t.plusSeconds(2), lease)).as("the queued job waits").isEmpty();
        tx(nodeB, c -> c.createStatement().executeUpdate("DELETE FROM job_type_pauses WHERE type = 'test'"));
        assertThat(claim(nodeA, "node-a", t.plusSeconds(3), lease)).as("resumed, on any node").containsExactly(queued);
    }

    @Test
    void resumesTheJobOfAWorkerThatStoppedHeartBeating() throws Exception {
        UUID job = tx(nodeA, this::insertJob);
        Instant t = Instant.now();
        Duration lease = Duration.ofSeconds(30);

        assertThat(claim(nodeA, "node-a", t, lease)).containsExactly(job);
        assertThat(claim(nodeB, "node-b", t.plusSeconds(10), lease)).isEmpty();
        assertThat(renew(nodeA, job, "node-a", t.plusSeconds(20).plus(lease))).isEqualTo(1);
        assertThat(claim(nodeB, "node-b", t.plusSeconds(40), lease)).isEmpty();
        // node A dies: no more heartbeats. Once its lease runs out, node B takes the step over.
        assertThat(claim(nodeB, "node-b", t.plusSeconds(51), lease)).containsExactly(job);
        assertThat(renew(nodeA, job, "node-a", t.plusSeconds(60))).isZero();
    }

    @Test
    void takesOverJobsADeadNodeLeasedToStartEvenWhenTheyHoldEverySlot() throws Exception {
        for (int i = 0; i < 12; i++) {
            tx(nodeA, this::insertJob);
        }
        Instant t = Instant.now();
        Duration lease = Duration.ofSeconds(30);
        // Node A leases all ten slots' worth of new jobs, then dies before any of them leaves PENDING.
        List<UUID> leasedByA = tx(nodeA, c -> leases.claim(c, "node-a", 10, 10, t, lease));
        assertThat(leasedByA).hasSize(10);
        List<UUID> whileAlive = tx(nodeB, c -> leases.claim(c, "node-b", 10, 10, t.plusSeconds(10), lease));
        assertThat(whileAlive).isEmpty();

        List<UUID> takenOver = tx(nodeB, c -> leases.claim(c, "node-b", 10, 10, t.plusSeconds(31), lease));

        // The slots come back with the jobs holding them; the two jobs never started still wait.
        assertThat(takenOver).containsExactlyInAnyOrderElementsOf(leasedByA);
        assertThat(count("SELECT count(*) FROM job_jobs WHERE lease_owner = 'node-b'")).isEqualTo(10);
    }

    @Test
    void admitsExactlyAHundredOfTwoHundredConcurrentSubmissions() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(50);
        var start = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            DataSource node = i % 2 == 0 ? nodeA : nodeB;
            answers.add(clients.submit(() -> {
                start.await();
                return tx(node, c -> {
                    if (!leases.admit(c, 100)) {
                        return false;
                    }
                    insertJob(c);
                    return true;
                });
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Boolean> answer : answers) {
            admitted += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        clients.shutdown();

        assertThat(admitted).isEqualTo(100);
        assertThat(tx(nodeA, leases::depth)).isEqualTo(100);
    }

    @Test
    void startsNoMoreThanTenJobsAtOnceAcrossAllNodes() throws Exception {
        for (int i = 0; i < 50; i++) {
            tx(nodeA, this::insertJob);
        }
        ExecutorService workers = Executors.newFixedThreadPool(20);
        List<Future<Integer>> started = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            DataSource node = w % 2 == 0 ? nodeA : nodeB;
            String owner = "node-" + w;
            started.add(workers.submit(() -> {
                int mine = 0;
                for (int round = 0; round < 5; round++) {
                    // Each started job stays running (its worker never finishes it).
                    for (UUID job : tx(node, c -> leases.claim(c, owner, 3, 10, Instant.now(), Duration.ofMinutes(5)))) {
                        tx(node, c -> update(c, "UPDATE job_jobs SET state = 'GENERATING', run_at = now() + interval '1 hour' WHERE id = ?", job));
                        mine++;
                    }
                }
                return mine;
            }));
        }
        int total = 0;
        for (Future<Integer> f : started) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(total).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM job_jobs WHERE state = 'GENERATING'")).isEqualTo(10);
    }

    /** A worker loop on a connection of its own for its whole life, as a pooled one would be. */
    private Void work(DataSource node, String owner, Map<String, AtomicInteger> runs) throws Exception {
        try (Connection connection = node.getConnection()) {
            while (work(connection, owner, runs)) {
                // the next step
            }
        }
        return null;
    }

    /** Claims one step, "runs" it, commits the next step with the lease checked; false once no job has a step left. */
    private boolean work(Connection connection, String owner, Map<String, AtomicInteger> runs) throws Exception {
        List<UUID> claimed = tx(connection, c -> leases.claim(c, owner, 1, 10, Instant.now(), Duration.ofSeconds(30)));
        if (claimed.isEmpty()) {
            return tx(connection, c -> count(c, "SELECT count(*) FROM job_jobs WHERE step IS NOT NULL")) > 0;
        }
        UUID job = claimed.get(0);
        String step = tx(connection, c -> string(c, "SELECT step FROM job_jobs WHERE id = ?", job));
        runs.computeIfAbsent(job + "/" + step, k -> new AtomicInteger()).incrementAndGet();
        int next = STEPS.indexOf(step) + 1;
        String sql = next < STEPS.size()
                ? "UPDATE job_jobs SET step = '" + STEPS.get(next) + "', state = 'ENCODING', run_at = now(), lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?"
                : "UPDATE job_jobs SET step = NULL, run_at = NULL, state = 'COMPLETED', progress = 100, lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?";
        int written = tx(connection, c -> {
            try (var st = c.prepareStatement(sql)) {
                st.setObject(1, job);
                st.setString(2, owner);
                return st.executeUpdate();
            }
        });
        assertThat(written).as("a step committed by a worker that does not hold the lease").isEqualTo(1);
        return true;
    }

    @Test
    void theQueueStallsOnlyWhenWorkLongDueIsLeasedByNoNode() throws Exception {
        UUID job = tx(nodeA, this::insertJob); // due a second ago
        Instant t = Instant.now();
        Duration stall = Duration.ofSeconds(120);

        assertThat(tx(nodeA, c -> leases.motion(c, t, stall)).moving()).as("due, not yet overdue").isTrue();
        JobLeases.Motion stalled = tx(nodeA, c -> leases.motion(c, t.plusSeconds(121), stall));
        assertThat(stalled).isEqualTo(new JobLeases.Motion(1, 0));
        assertThat(stalled.moving()).isFalse();

        assertThat(claim(nodeA, "node-a", t.plusSeconds(121), Duration.ofSeconds(30))).containsExactly(job);
        assertThat(tx(nodeA, c -> leases.motion(c, t.plusSeconds(122), stall)).moving()).as("a node works on it").isTrue();
    }

    private List<UUID> claim(DataSource node, String owner, Instant now, Duration lease) throws Exception {
        return tx(node, c -> leases.claim(c, owner, 1, 10, now, lease));
    }

    private int renew(DataSource node, UUID job, String owner, Instant until) throws Exception {
        return tx(node, c -> leases.renew(c, Set.of(job), owner, until));
    }

    private UUID insertJob(Connection c) throws Exception {
        UUID id = UUID.randomUUID();
        try (var st = c.prepareStatement("""
                INSERT INTO job_jobs (id, owner, type, input, output, state, progress, step, run_at, created_at, updated_at, version)
                VALUES (?, 'alice', 'test', '{}', '{}', 'PENDING', 0, 'SUBMIT', ?, now(), now(), 0)""")) {
            st.setObject(1, id);
            st.setTimestamp(2, Timestamp.from(Instant.now().minusSeconds(1)));
            st.executeUpdate();
        }
        return id;
    }

    private static int update(Connection c, String sql, UUID id) throws Exception {
        try (var st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            return st.executeUpdate();
        }
    }

    private static String string(Connection c, String sql, UUID id) throws Exception {
        try (var st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private int count(String sql) throws Exception {
        return tx(nodeA, c -> count(c, sql));
    }

    private static int count(Connection c, String sql) throws Exception {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

}
