package io.lokiz.kernel;

import io.lokiz.kernel.Tickets;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import io.lokiz.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final Tickets tickets = new Tickets("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock);

    @Test
    void admitsItsOwnPurposeAndScopeOnly() {
        String ticket = tickets.issue("events", "job-x", Duration.ofSeconds(60));

        assertThat(tickets.admits(ticket, "events", "job-x")).isTrue();
        assertThat(tickets.admits(ticket, "events", "job-y")).isFalse();
        assertThat(tickets.admits(ticket, "media", "job-x")).isFalse();
    }

    @Test
    void expires() {
        String ticket = tickets.issue("events", "job-x", Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        assertThat(tickets.admits(ticket, "events", "job-x")).isFalse();
    }

    @Test
    void refusesForgedTamperedAndMalformedTickets() {
        String ticket = tickets.issue("events", "job-x", Duration.ofSeconds(60));
        var otherKey = new Tickets("another secret of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8), clock);
        String forged = otherKey.issue("events", "job-x", Duration.ofSeconds(60));
        String tampered = "X" + ticket.substring(1);

        assertThat(tickets.admits(forged, "events", "job-x")).isFalse();
        assertThat(tickets.admits(tampered, "events", "job-x")).isFalse();
        assertThat(tickets.admits("no-dot", "events", "job-x")).isFalse();
        assertThat(tickets.admits("!!.??", "events", "job-x")).isFalse();
        assertThat(tickets.admits(null, "events", "job-x")).isFalse();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new Tickets("short".getBytes(StandardCharsets.UTF_8), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
