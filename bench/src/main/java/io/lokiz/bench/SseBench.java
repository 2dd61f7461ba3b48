package io.lokiz.bench;

import io.lokiz.jobs.JobEvents;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;

import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Progress streams under an audience, against a running server: 1, 200 and 2,000 subscribers
 * (by default) on one job, which changes every 100 ms. Each change is committed as another node
 * would commit it (the job row, and the event row and its {@code NOTIFY} through the engine's
 * {@link JobEvents}, in one transaction on the server's PostgreSQL), so the server does exactly what it does for a job running elsewhere;
 * latency counts from the moment that commit returned to the event's arrival at each subscriber. The
 * single subscriber is the baseline the larger audiences are compared with; the server's heap
 * (its {@code /metrics}) and resident set ({@code /proc}) are read before the streams open and
 * while they run. Each level runs twice: on an idle node, and while the node makes {@code encodes} 1080p videos of
 * the same user ({@link EncodeLoad}), the idle figure the baseline of the busy one.
 *
 * <p>Then the audience of a real job while it is made: for {@code rounds} 1080p previews, the largest audience
 * connects the moment the job is asked for (a connect storm; every other stream resumes from the job's first event
 * with {@code Last-Event-ID}), while the node generates and encodes it. Reported: how long until every stream had its
 * first event, and the delay of the job's own events (from the {@code updatedAt} each carries) during the storm and
 * after it, beside one subscriber to such a job as the baseline. Usage: {@code SseBench <base url> <token>
 * [levels=1,200,2000] [seconds=10] [jdbc url=jdbc:postgresql://127.0.0.1:55432/postgres] [db user=postgres]
 * [db password=postgres] [encodes=1] [rounds=3]}.
 */
public final class SseBench {

    private static final long EVERY_MS = 100;

    private final BenchTarget target;
    private final Connection db;
    private final long pid = BenchTarget.serverPid();

    private SseBench(BenchTarget target, Connection db) {
        this.target = target;
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SseBench <base url> <token> [levels=1,200,2000] [seconds=10] [jdbc url] [db user] [db password]");
            System.exit(2);
        }
        String levels = args.length > 2 ? args[2] : "1,200,2000";
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        var login = new Properties();
        login.setProperty("user", args.length > 5 ? args[5] : "postgres");
        login.setProperty("password", args.length > 6 ? args[6] : "postgres");
        try (Connection db = DriverManager.getConnection(args.length > 4 ? args[4] : "jdbc:postgresql://127.0.0.1:55432/postgres", login)) {
            var bench = new SseBench(new BenchTarget(args[0], args[1]), db);
            UUID model = UUID.fromString(bench.target.finishedJob());
            int largest = Arrays.stream(levels.split(",")).mapToInt(l -> Integer.parseInt(l.trim())).max().orElse(1);
            bench.run(model, largest, 5); // warm-up at the largest audience: JIT, thread pools, buffers
            int encodes = args.length > 7 ? Integer.parseInt(args[7]) : 1;
            int rounds = args.length > 8 ? Integer.parseInt(args[8]) : 3;
            System.out.printf(Locale.ROOT, "%-12s %8s %10s %9s %9s %9s %10s %13s %13s %9s %9s %10s%n", "subscribers", "events", "delivered",
                    "p50 ms", "p99 ms", "max ms", "p99 vs 1", "heap MB", "RSS MB", "enc p50", "enc p99", "enc×idle");
            double baseline = Double.NaN;
            for (String level : levels.split(",")) {
                int subscribers = Integer.parseInt(level.trim());
                Result r = bench.run(model, subscribers, seconds);
                Result busy;
                try (var load = EncodeLoad.start(bench.target, encodes)) {
                    TimeUnit.SECONDS.sleep(3); // the encodes under way
                    busy = bench.run(model, subscribers, seconds);
                }
                baseline = Double.isNaN(baseline) ? r.p99() : baseline;
                System.out.printf(Locale.ROOT, "%-12d %8d %9.1f%% %9.2f %9.2f %9.2f %9.2fx %6.0f→%-6.0f %6.0f→%-6.0f %9.2f %9.2f %9.2fx%n",
                        r.subscribers(), r.events(), r.delivered() * 100, r.p50(), r.p99(), r.max(), r.p99() / baseline,
                        r.heapBefore(), r.heapDuring(), r.rssBefore(), r.rssDuring(), busy.p50(), busy.p99(), busy.p99() / r.p99());
            }
            System.out.printf(Locale.ROOT, "one event every %d ms for %d s per level, idle and beside %d 1080p encodes; latency from commit to arrival%s%n",
                    EVERY_MS, seconds, encodes, bench.pid < 0 ? "; RSS unknown (no Liberty process found on this machine)" : "");

            String image = EncodeLoad.upload(bench.target);
            Storm single = bench.storm(image, 1, rounds);
            Storm storm = bench.storm(image, largest, rounds);
            System.out.printf(Locale.ROOT, "%n%-12s %12s %10s %10s %10s %10s %10s %10s%n", "own job", "all in ms", "storm p50", "storm p99",
                    "p50 ms", "p99 ms", "max ms", "p99 vs 1");
            for (Storm r : List.of(single, storm)) {
                System.out.printf(Locale.ROOT, "%-12d %12.0f %10.2f %10.2f %10.2f %10.2f %10.2f %9.2fx%n", r.subscribers(), r.connectedMs(),
                        BenchTarget.percentile(r.storm(), 50), BenchTarget.percentile(r.storm(), 99), BenchTarget.percentile(r.after(), 50),
                        BenchTarget.percentile(r.after(), 99), BenchTarget.percentile(r.after(), 100),
                        BenchTarget.percentile(r.after(), 99) / BenchTarget.percentile(single.after(), 99));
            }
            System.out.printf(Locale.ROOT, "%d 1080p previews (5 s, 30 fps, HLS) each watched from the moment it was asked for; "
                    + "\"all in\" is the slowest round; delays from each event's updatedAt%n", rounds);
        }
        System.exit(0);
    }

    /** A real job's audience over {@code rounds} jobs: the slowest connect, and the delays during and after the storms. */
    record Storm(int subscribers, double connectedMs, long[] storm, long[] after) {
    }

    private Storm storm(String image, int subscribers, int rounds) throws Exception {
        double slowest = 0;
        var storm = new ArrayList<Long>();
        var after = new ArrayList<Long>();
        for (int round = 0; round < rounds; round++) {
            String job = EncodeLoad.submit(target, image);
            var audience = new Audience(URI.create(target.base), "/api/video/status/" + job + "/events", target.token, subscribers, null, true);
            audience.awaitFirstEvents(Duration.ofSeconds(120));
            Arrays.stream(audience.awaitEnd(Duration.ofSeconds(180))).forEach(after::add);
            Arrays.stream(audience.stormLatencies()).forEach(storm::add);
            slowest = Math.max(slowest, audience.connectedMs());
            if (!EncodeLoad.ended(target, job)) {
                throw new IllegalStateException("the streams of job " + job + " ended before it did");
            }
        }
        return new Storm(subscribers, slowest, storm.stream().mapToLong(Long::longValue).sorted().toArray(),
                after.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    record Result(int subscribers, int events, double delivered, double p50, double p99, double max,
                  double heapBefore, double heapDuring, double rssBefore, double rssDuring) {
    }

    /** {@code subscribers} streams on a fresh running job that changes every 100 ms for {@code seconds}. */
    private Result run(UUID model, int subscribers, int seconds) throws Exception {
        JobRecord job = liveCopyOf(model);
        double heapBefore = target.heapMb();
        double rssBefore = BenchTarget.rssMb(pid);

        var commits = new ConcurrentHashMap<Long, Long>();
        var audience = new Audience(URI.create(target.base), "/api/video/status/" + job.id() + "/events", target.token, subscribers, commits);
        audience.awaitFirstEvents(Duration.ofSeconds(120));

        int events = (int) (seconds * 1000 / EVERY_MS);
        double heapDuring = Double.NaN;
        double rssDuring = Double.NaN;
        long start = System.nanoTime();
        for (int i = 1; i <= events; i++) {
            LockSupport.parkNanos(start + TimeUnit.MILLISECONDS.toNanos(i * EVERY_MS) - System.nanoTime());
            long version = job.version() + i;
            commits.put(version, System.nanoTime()); // until the commit returns: an arrival meanwhile counts from here
            commit(job, JobState.GENERATING, i % 100, version);
            commits.put(version, System.nanoTime()); // committed: an arrival before this moment counts as no delay
            if (i == events / 2) {
                heapDuring = target.heapMb();
                rssDuring = BenchTarget.rssMb(pid);
            }
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        commit(job, JobState.CANCELED, 0, job.version() + events + 1); // the final state ends every stream
        long[] all = audience.awaitEnd(Duration.ofSeconds(60));
        return new Result(subscribers, events, all.length / (double) ((long) events * subscribers),
                BenchTarget.percentile(all, 50), BenchTarget.percentile(all, 99), BenchTarget.percentile(all, 100),
                heapBefore, heapDuring, rssBefore, rssDuring);
    }

    /** A copy of the finished job {@code model}, running again: its own row and a first event. */
    private JobRecord liveCopyOf(UUID model) throws SQLException {
        UUID id = UUID.randomUUID();
        db.setAutoCommit(false);
        try (var st = db.createStatement()) {
            st.execute("CREATE TEMP TABLE bench_job ON COMMIT DROP AS SELECT * FROM job_jobs WHERE id = '" + model + "'");
            st.execute("UPDATE bench_job SET id = '" + id + "', state = 'GENERATING', version = 1, lease_owner = NULL,"
                    + " step = 'bench', run_at = now() + interval '1 day'"); // a step no worker will take: it is never due
            st.execute("INSERT INTO job_jobs SELECT * FROM bench_job");
        }
        JobRecord job;
        try (var st = db.prepareStatement("SELECT payload FROM job_events WHERE job_id = ? ORDER BY version DESC LIMIT 1")) {
            st.setObject(1, model);
            try (var rs = st.executeQuery()) {
                rs.next();
                JobRecord done = JobRecord.fromJson(rs.getString(1));
                Instant now = Instant.now();
                job = new JobRecord(id, done.type(), done.owner(), JobState.GENERATING, 0, done.input(),
                        Json.createObjectBuilder().build(), null, 1, now, now, now, 1);
            }
        }
        db.commit();
        commit(job, JobState.GENERATING, 0, 1);
        return job;
    }

    /** The job's change to {@code state} and {@code progress} as {@code version}, committed as the engine's event log commits it. */
    private void commit(JobRecord job, JobState state, int progress, long version) throws SQLException {
        Instant now = Instant.now();
        var change = new JobRecord(job.id(), job.type(), job.owner(), state, progress, job.input(), job.output(), null,
                job.attempts(), job.attemptStartedAt(), job.createdAt(), now, version);
        // As a node commits a change: the job row and, through the engine's own event log SQL,
        // the event and its NOTIFY, in one transaction.
        db.setAutoCommit(false);
        try (var row = db.prepareStatement("""
                UPDATE job_jobs SET state = ?, progress = ?, version = ?, updated_at = ?,
                                    step = CASE WHEN ? THEN NULL ELSE step END, run_at = CASE WHEN ? THEN NULL ELSE run_at END
                WHERE id = ?""")) {
            row.setString(1, state.name());
            row.setInt(2, progress);
            row.setLong(3, version);
            row.setTimestamp(4, Timestamp.from(now));
            row.setBoolean(5, state.isTerminal());
            row.setBoolean(6, state.isTerminal());
            row.setObject(7, job.id());
            row.executeUpdate();
        }
        JobEvents.record(db, change, now);
        db.commit();
    }

    /**
     * The subscribers: plain HTTP/1.1 connections read by one thread with one selector, which costs
     * the machine far less than an HTTP client library per stream would (the load generator shares
     * the server's cores). A stream's first event is its backlog; every later one is an arrival, timed when the read
     * that brought it returned: from its commit ({@code commits}, the synthetic job's), or else from the
     * {@code updatedAt} the event itself carries (a real job's; the server shares this machine's clock), counting only
     * events made after the stream connected. Arrivals before every stream had its first event are the storm's.
     */
    private static final class Audience {
        private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\":\"([^\"]+)\"");
        private final Selector selector = Selector.open();
        private final Map<Long, Long> commits;
        private final List<Long> latencies = new ArrayList<>();
        private final List<Long> duringStorm = new ArrayList<>();
        private final CountDownLatch opened;
        private final CountDownLatch ended;
        private final Thread reader;
        private final long connecting = System.nanoTime();
        private volatile long allOpened = -1;

        Audience(URI server, String path, String token, int size, Map<Long, Long> commits) throws IOException {
            this(server, path, token, size, commits, false);
        }

        /** With {@code resuming}, every other stream reconnects as from the job's first event (Last-Event-ID: 1). */
        Audience(URI server, String path, String token, int size, Map<Long, Long> commits, boolean resuming) throws IOException {
            this.commits = commits;
            this.opened = new CountDownLatch(size);
            this.ended = new CountDownLatch(size);
            String head = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n";
            reader = new Thread(this::read, "sse-audience");
            for (int i = 0; i < size; i++) {
                byte[] request = (head + (resuming && i % 2 == 1 ? "Last-Event-ID: 1\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
                var stream = new Stream(Instant.now());
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(server.getHost(), server.getPort()));
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, stream);
                selector.wakeup(); // a select under way takes the new stream in only when it returns
                if (i == 0) {
                    reader.start(); // reading while the rest connect, as a storm of browsers would be read
                }
            }
        }

        void awaitFirstEvents(Duration within) throws InterruptedException {
            if (!opened.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(opened.getCount() + " streams sent no first event");
            }
        }

        /** How long from the first connection until every stream had its first event, in ms. */
        double connectedMs() {
            return (allOpened - connecting) / 1e6;
        }

        /** The sorted latencies (µs) once every stream has ended: of the events after every stream was open. */
        long[] awaitEnd(Duration within) throws InterruptedException {
            if (!ended.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(ended.getCount() + " streams did not end");
            }
            reader.join();
            return sorted(latencies);
        }

        /** The sorted latencies (µs) of the events that came while streams were still connecting (after {@link #awaitEnd}). */
        long[] stormLatencies() {
            return sorted(duringStorm);
        }

        private static long[] sorted(List<Long> values) {
            return values.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        private void read() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
            try {
                while (ended.getCount() > 0) {
                    selector.select(1000);
                    long now = System.nanoTime();
                    Instant wall = Instant.now();
                    for (var key : selector.selectedKeys()) {
                        var channel = (SocketChannel) key.channel();
                        var stream = (Stream) key.attachment();
                        buffer.clear();
                        int read = channel.read(buffer);
                        if (read < 0) {
                            key.cancel();
                            channel.close();
                            ended.countDown();
                            continue;
                        }
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            if (stream.take(buffer.get())) {
                                arrived(stream, now, wall);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
                selector.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void arrived(Stream stream, long now, Instant wall) {
            if (!stream.opened) {
                stream.opened = true;
                opened.countDown();
                if (opened.getCount() == 0) {
                    allOpened = now;
                }
                return;
            }
            long delay;
            if (commits != null) {
                Long committed = commits.get(stream.id);
                if (committed == null) {
                    return;
                }
                delay = Math.max(0, now - committed) / 1000;
            } else {
                var updated = UPDATED_AT.matcher(stream.data);
                if (!updated.find()) {
                    return;
                }
                Instant made = Instant.parse(updated.group(1));
                if (made.isBefore(stream.connected)) {
                    return; // the backlog the stream asked for, not an arrival
                }
                delay = Math.max(0, Duration.between(made, wall).toNanos()) / 1000;
            }
            (allOpened < 0 ? duringStorm : latencies).add(delay);
        }
    }

    /** One stream's bytes, line by line: says when a blank line ends an event, whose id and data it then holds. */
    private static final class Stream {
        private final StringBuilder line = new StringBuilder();
        final Instant connected;
        boolean opened;
        long id = -1;
        String data = "";
        private boolean pending;

        Stream(Instant connected) {
            this.connected = connected;
        }

        boolean take(byte b) {
            if (b == '\r') {
                return false;
            }
            if (b != '\n') {
                line.append((char) b);
                return false;
            }
            boolean ends = line.isEmpty() && pending; // a comment (keep-alive) or a chunk's size line is no event
            if (line.isEmpty()) {
                pending = false;
            } else if (line.length() > 3 && line.charAt(0) == 'i' && line.charAt(1) == 'd' && line.charAt(2) == ':') {
                id = Long.parseLong(line.substring(3).trim());
                pending = true;
            } else if (line.length() > 5 && line.substring(0, 5).equals("data:")) {
                data = line.substring(5);
                pending = true;
            }
            line.setLength(0);
            return ends;
        }
    }
}
