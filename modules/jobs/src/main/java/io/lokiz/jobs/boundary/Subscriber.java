package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobRecord;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One client's stream; answers false once it is over (final state sent, or the client left).
 * Offers only queue: the events are written by a task of its own on the writer threads, one
 * after another, so the fan-out loop never waits for a socket and a slow client delays nobody
 * but itself. A client that falls {@code backlog} events behind is let go: its
 * {@code EventSource} reconnects with {@code Last-Event-ID} and catches up from the event log.
 * The stream closes only after the last queued event has been written.
 */
final class Subscriber {
    private final SseEventSink sink;
    private final Sse sse;
    private final Executor executor;
    private final ArrayDeque<OutboundSseEvent> queued = new ArrayDeque<>();
    private final int backlog;
    private long last = -1;
    private int allowed;
    private boolean writing;
    private volatile boolean over;

    Subscriber(SseEventSink sink, Sse sse, Executor executor, int backlog) {
        this.sink = sink;
        this.sse = sse;
        this.executor = executor;
        this.backlog = backlog;
        this.allowed = backlog;
    }

    synchronized long last() {
        return last;
    }

    synchronized void skipTo(long version) {
        last = Math.max(last, version);
    }

    /** A live event: queued unless the client is too far behind. */
    synchronized boolean offer(JobRecord event, Frame frame) {
        if (queued.size() >= allowed) {
            close(); // too far behind: it resumes from the log when it reconnects
            return false;
        }
        return add(event, frame);
    }

    /** An event of the catch-up from the log: as many as the log holds, plus the usual allowance after them. */
    synchronized boolean replay(JobRecord event, Frame frame) {
        allowed = Math.max(allowed, queued.size() + 1 + backlog);
        return add(event, frame);
    }

    private boolean add(JobRecord event, Frame frame) {
        if (over || sink.isClosed()) {
            return false;
        }
        if (event.version() <= last) {
            return true;
        }
        last = event.version();
        queue(frame.in(sse));
        if (event.state().isTerminal()) {
            close();
            return false;
        }
        return true;
    }

    synchronized boolean ping() {
        if (over || sink.isClosed()) {
            return false;
        }
        if (queued.isEmpty()) { // a stream with events on their way needs no keep-alive
            queue(sse.newEventBuilder().comment("keep-alive").build());
        }
        return true;
    }

    /** No more events: the stream ends once what is queued has been written. */
    synchronized void close() {
        over = true;
        writeSoon();
    }

    private void queue(OutboundSseEvent event) {
        queued.add(event);
        writeSoon();
    }

    /** Starts this stream's writer unless it runs already (it then sees the change itself). */
    private void writeSoon() {
        if (!writing) {
            writing = true;
            executor.execute(this::write);
        }
    }

    /** Writes what is queued, in order, until nothing is; then ends the stream if it is over. */
    private void write() {
        while (true) {
            OutboundSseEvent next;
            synchronized (this) {
                next = queued.poll();
                if (next == null) {
                    writing = false;
                    allowed = backlog;
                    if (over && !sink.isClosed()) {
                        sink.close();
                    }
                    return;
                }
            }
            try {
                if (!sink.isClosed()) {
                    sink.send(next).toCompletableFuture().join();
                }
            } catch (RuntimeException clientLeft) {
                synchronized (this) {
                    over = true; // the next offer or ping drops us
                    queued.clear();
                }
            }
        }
    }
}
