package io.lokiz.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning that could come with every request (tokens refused for the same missing claim, say), said at most once
 * a minute for each key, with the number held back since: an operator learns of the problem without its flood
 * burying everything else in the log.
 */
final class QuietLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private record Said(Instant at, int heldBack) {
    }

    private final Logger log;
    private final Clock clock;
    private final Map<String, Said> said = new ConcurrentHashMap<>();

    QuietLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Logs {@code message} for {@code key} unless it was said in the last minute; answers whether it was said now. */
    boolean warn(String key, Supplier<String> message) {
        Instant now = clock.instant();
        int[] heldBack = {-1};
        said.compute(key, (k, last) -> {
            if (last != null && now.isBefore(last.at().plus(INTERVAL))) {
                return new Said(last.at(), last.heldBack() + 1);
            }
            heldBack[0] = last == null ? 0 : last.heldBack();
            return new Said(now, 0);
        });
        if (heldBack[0] < 0) {
            return false;
        }
        log.log(Level.WARNING, heldBack[0] == 0 ? message.get() : message.get() + " (" + heldBack[0] + " more like it in the last minute)");
        return true;
    }
}
