package io.lokiz.webhooks.control;

import io.lokiz.testing.Fired;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox and its deliveries on a real PostgreSQL, as every node shares them: what is written
 * for whom, who sends it, what a dead node leaves behind, and what each answer leads to.
 */
class DeliveriesTest {

    static final JsonObject DATA = Json.createObjectBuilder().add("id", "j1").build();

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final WebhookSettings settings = new WebhookSettings(15, 4, 256, 1000, 120, 20, 30);
    final Fired<MessagesWritten> written = new Fired<>();
    final Endpoints endpoints = new Endpoints(clock);
    final Outbox outbox = new Outbox(clock, written);
    final Deliveries deliveries = new Deliveries(clock, settings);

    @BeforeEach
    void database() {
        DataSource db = TestDatabase.freshDatabase().dataSource();
        endpoints.database = db;
        outbox.database = db;
        deliveries.database = db;
    }

    @Test
    void aMessageIsWrittenOnceForEveryEnabledEndpointThatWantsItsType() {
        Endpoint completions = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        Endpoint failures = endpoints.create("https://b.example/hook", "", List.of("job.failed"));
        Endpoint off = endpoints.create("https://c.example/hook", "", List.of("job.completed"));
        endpoints.update(off.id(), null, null, null, false);

        assertThat(outbox.write("msg_1", "job.completed", DATA)).isEqualTo(1);
        assertThat(outbox.write("msg_1", "job.completed", DATA)).as("the same id again: told once").isZero();
        assertThat(outbox.write("msg_2", "credits.low", DATA)).as("nobody wants it: nothing written").isZero();

        assertThat(deliveries.claim(10, 4, Set.of())).singleElement().satisfies(d -> {
            assertThat(d.endpoint()).isEqualTo(completions.id());
            assertThat(d.message()).isEqualTo("msg_1");
            assertThat(d.url()).isEqualTo("https://a.example/hook");
            assertThat(d.secrets()).containsExactly(completions.secret());
        });
        assertThat(failures.secret()).startsWith("whsec_").isNotEqualTo(completions.secret());
        assertThat(written.events()).containsExactly(new MessagesWritten(1));
    }

    @Test
    void aClaimIsOneNodesUntilItsLeaseEndsThenAnyNodesAgain() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);

        assertThat(deliveries.claim(10, 4, Set.of())).hasSize(1);
        assertThat(deliveries.claim(10, 4, Set.of())).as("another node while the first sends").isEmpty();

        clock.advance(settings.lease().plusSeconds(1)); // the first node died mid-delivery
        assertThat(deliveries.claim(10, 4, Set.of())).as("what it held comes due again, the same message")
                .singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("msg_1"));
        assertThat(e.id()).isNotNull();
    }

    @Test
    void oneClaimTakesNoMoreThanItsShareOfAnEndpointAndNoneOfABusyOne() {
        Endpoint crowded = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        Endpoint quiet = endpoints.create("https://b.example/hook", "", List.of("job.completed"));
        outbox.test(crowded.id(), 10, DATA);
        outbox.test(quiet.id(), 1, DATA);

        List<Claimed> first = deliveries.claim(100, 4, Set.of());
        assertThat(first.stream().filter(d -> d.endpoint().equals(crowded.id()))).hasSize(4);
        assertThat(first.stream().filter(d -> d.endpoint().equals(quiet.id()))).as("the quiet one is not behind the crowd").hasSize(1);

        assertThat(deliveries.claim(100, 4, Set.of(crowded.id()))).as("this node has enough in flight to it").isEmpty();
    }

    @Test
    void aFailureComesBackOnTheScheduleAndTheTenthIsGivenUp() {
        endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);

        Instant first = clock.instant();
        deliveries.record(List.of(answered(claimOne(), 500)));
        Instant due = nextAttempt("msg_1");
        assertThat(Duration.between(first, due)).as("5 s, give or take a tenth").isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));

        for (int attempt = 2; attempt <= RetrySchedule.ATTEMPTS; attempt++) {
            clock.advance(Duration.between(clock.instant(), nextAttempt("msg_1")).plusSeconds(1));
            deliveries.record(List.of(answered(claimOne(), 500)));
        }
        var logged = deliveries.log(onlyEndpoint(), null, null, null, 10).get(0);
        assertThat(logged.state()).isEqualTo("failed");
        assertThat(logged.attempts()).hasSize(RetrySchedule.ATTEMPTS);
        assertThat(Duration.between(first, logged.attempts().get(9).at())).as("about three days in all")
                .isBetween(Duration.ofHours(68), Duration.ofHours(84));
    }

    @Test
    void retryAfterOn503IsWhenTheNextAttemptComes() {
        endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);
        Claimed d = claimOne();

        deliveries.record(List.of(new Outcome(d, clock.instant(), Optional.of(503), 12, "busy", Optional.of(Duration.ofSeconds(120)))));

        assertThat(nextAttempt("msg_1")).isEqualTo(clock.instant().plusSeconds(120));
        clock.advance(Duration.ofSeconds(121));
        deliveries.record(List.of(new Outcome(claimOne(), clock.instant(), Optional.empty(), 15_000, "no answer within the timeout",
                Optional.empty())));
        assertThat(deliveries.log(onlyEndpoint(), null, null, null, 10).get(0).attempts()).extracting(Deliveries.Attempt::status)
                .as("an attempt without an answer has no status").containsExactly(503, null);
    }

    @Test
    void goneDisablesTheEndpointAndSaysWhy() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);

        deliveries.record(List.of(answered(claimOne(), 410)));

        Endpoint now = endpoints.find(e.id()).orElseThrow();
        assertThat(now.enabled()).isFalse();
        assertThat(now.disabledReason()).isEqualTo("answered 410 Gone");
        assertThat(now.disabledAt()).isEqualTo(clock.instant());
        assertThat(deliveries.log(e.id(), "failed", null, null, 10)).hasSize(1);
        assertThat(outbox.write("msg_2", "job.completed", DATA)).as("a disabled endpoint gets nothing new").isZero();
    }

    @Test
    void anEndpointFailingFiveDaysWithoutASuccessIsDisabledAndOneSuccessForgivesEverything() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);
        deliveries.record(List.of(answered(claimOne(), 500)));
        assertThat(endpoints.find(e.id()).orElseThrow().failingSince()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(6));
        deliveries.record(List.of(answered(claimOne(), 200)));
        assertThat(endpoints.find(e.id()).orElseThrow().failingSince()).as("well again").isNull();

        Instant failing = clock.instant();
        IntStream.range(0, 6).forEach(day -> {
            outbox.write("msg_day" + day, "job.completed", DATA);
            deliveries.record(List.of(answered(claimOne(), 500)));
            clock.advance(Duration.ofDays(1));
        });

        Endpoint now = endpoints.find(e.id()).orElseThrow();
        assertThat(now.enabled()).isFalse();
        assertThat(now.disabledReason()).isEqualTo("failed every attempt since " + failing);
    }

    @Test
    void aReplayedMessageIsDueAtOnceWithAFreshRoundAndTheSameId() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_1", "job.completed", DATA);
        deliveries.record(List.of(answered(claimOne(), 200)));

        assertThat(deliveries.replay(e.id(), "msg_1")).isTrue();
        assertThat(deliveries.replay(e.id(), "msg_unknown")).isFalse();
        assertThat(claimOne().message()).isEqualTo("msg_1");

        Instant before = clock.instant();
        outbox.write("msg_2", "job.completed", DATA);
        deliveries.record(List.of(answered(claimOne(), 410)));
        endpoints.update(e.id(), null, null, null, true);
        assertThat(deliveries.replayFailed(e.id(), before)).isEqualTo(1);
        assertThat(deliveries.claim(10, 4, Set.of())).extracting(Claimed::message).contains("msg_2");
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneForADay() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        Endpoint rotated = endpoints.rotate(e.id()).orElseThrow();
        outbox.write("msg_1", "job.completed", DATA);

        assertThat(claimOne().secrets()).containsExactly(rotated.secret(), e.secret());

        clock.advance(Endpoints.ROTATION_OVERLAP.plusSeconds(1));
        outbox.write("msg_2", "job.completed", DATA);
        assertThat(deliveries.claim(10, 4, Set.of())).flatExtracting(Claimed::secrets).containsOnly(rotated.secret());
    }

    @Test
    void messagesAreForgottenAfterTheRetentionPeriod() {
        Endpoint e = endpoints.create("https://a.example/hook", "", List.of("job.completed"));
        outbox.write("msg_old", "job.completed", DATA);
        clock.advance(Duration.ofDays(31));
        outbox.write("msg_new", "job.completed", DATA);

        assertThat(deliveries.forgetOld()).isEqualTo(1);
        assertThat(deliveries.log(e.id(), null, null, null, 10)).extracting(Deliveries.Logged::messageId).containsExactly("msg_new");
    }

    private Claimed claimOne() {
        return deliveries.claim(1, 4, Set.of()).get(0);
    }

    private Outcome answered(Claimed d, int status) {
        return new Outcome(d, clock.instant(), Optional.of(status), 3, "", Optional.empty());
    }

    private UUID onlyEndpoint() {
        return endpoints.list().get(0).id();
    }

    private Instant nextAttempt(String message) {
        return deliveries.log(onlyEndpoint(), null, null, null, 100).stream().filter(l -> l.messageId().equals(message)).findFirst()
                .orElseThrow().nextAttemptAt();
    }
}
