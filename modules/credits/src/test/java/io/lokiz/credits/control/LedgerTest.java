package io.lokiz.credits.control;

import io.lokiz.credits.Balance;
import io.lokiz.credits.Entry;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.kernel.RequestKey;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import io.lokiz.testing.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's rules against a real PostgreSQL; after every test the books must balance. */
class LedgerTest {

    static DataSource db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final Ledger ledger = new Ledger(clock);
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    static void database() {
        db = TestDatabase.freshDatabase().dataSource();
    }

    /** One transaction, as the server's would be. */
    <T> T tx(Transactions.Work<T> work) throws Exception {
        return Transactions.tx(db, work);
    }

    Balance balance(String account) throws Exception {
        return tx(c -> ledger.balance(c, account));
    }

    @Test
    void grantsAndHoldsMoveTheCachedBalance() throws Exception {
        tx(c -> ledger.grant(c, alice, 50, "welcome", "test", key("g1-" + alice), null));
        tx(c -> ledger.hold(c, alice, 20, "job:1", "hold:job:1:" + alice));

        assertThat(balance(alice)).isEqualTo(Balance.of(30, 20));
    }

    @Test
    void refusesAHoldThatDoesNotFitNamingPriceAndBalance() throws Exception {
        tx(c -> ledger.grant(c, alice, 5, "welcome", "test", key("g-" + alice), null));

        assertThatThrownBy(() -> tx(c -> ledger.hold(c, alice, 10, "job:2", "hold:job:2:" + alice)))
                .isInstanceOfSatisfying(InsufficientCredits.class, e -> {
                    assertThat(e.price()).isEqualTo(10);
                    assertThat(e.available()).isEqualTo(5);
                });
        assertThat(balance(alice)).isEqualTo(Balance.of(5, 0));
    }

    @Test
    void capturesAHoldExactlyOnceHoweverOftenAsked() throws Exception {
        tx(c -> ledger.grant(c, alice, 30, "welcome", "test", key("g-" + alice), null));
        String hold = "hold:job:3:" + alice;
        tx(c -> ledger.hold(c, alice, 10, "job:3", hold));

        assertThat(tx(c -> ledger.capture(c, hold)).booleanValue()).isTrue();
        assertThat(tx(c -> ledger.capture(c, hold)).booleanValue()).isFalse();  // a retried step, a duplicate webhook
        assertThat(tx(c -> ledger.release(c, hold)).booleanValue()).isFalse();  // a late failure of the same job

        assertThat(balance(alice)).isEqualTo(Balance.of(20, 0));
        assertThat(kinds(alice)).containsExactly("capture", "hold", "grant");
    }

    @Test
    void releasesAHoldExactlyOnce() throws Exception {
        tx(c -> ledger.grant(c, alice, 30, "welcome", "test", key("g-" + alice), null));
        String hold = "hold:job:4:" + alice;
        tx(c -> ledger.hold(c, alice, 10, "job:4", hold));

        assertThat(tx(c -> ledger.release(c, hold)).booleanValue()).isTrue();
        assertThat(tx(c -> ledger.release(c, hold)).booleanValue()).isFalse();
        assertThat(tx(c -> ledger.capture(c, hold)).booleanValue()).isFalse();

        assertThat(balance(alice)).isEqualTo(Balance.of(30, 0));
    }

    @Test
    void holdsOnceForARepeatedKey() throws Exception {
        tx(c -> ledger.grant(c, alice, 30, "welcome", "test", key("g-" + alice), null));
        tx(c -> ledger.hold(c, alice, 10, "job:5", "hold:job:5:" + alice));
        tx(c -> ledger.hold(c, alice, 10, "job:5", "hold:job:5:" + alice));

        assertThat(balance(alice)).isEqualTo(Balance.of(20, 10));
    }

    @Test
    void spendsTheSoonestExpiringCreditsFirst() throws Exception {
        tx(c -> ledger.grant(c, alice, 10, "forever", "test", key("g1-" + alice), null));
        tx(c -> ledger.grant(c, alice, 10, "a day", "test", key("g2-" + alice), clock.instant().plus(Duration.ofDays(1))));
        tx(c -> ledger.grant(c, alice, 10, "two hours", "test", key("g3-" + alice), clock.instant().plus(Duration.ofHours(2))));

        tx(c -> ledger.hold(c, alice, 15, "job:6", "hold:job:6:" + alice));
        clock.advance(Duration.ofDays(2));
        long expired = tx(ledger::expireDue);

        // The two-hour grant went whole into the hold, the one-day grant gave 5: its other 5 expire.
        assertThat(expired).isEqualTo(5);
        assertThat(balance(alice)).isEqualTo(Balance.of(10, 15));
    }

    @Test
    void expiresReleasedCreditsOfAnExpiredGrantToo() throws Exception {
        String hold = "hold:job:7:" + alice;
        tx(c -> ledger.grant(c, alice, 10, "short", "test", key("g-" + alice), clock.instant().plus(Duration.ofHours(1))));
        tx(c -> ledger.hold(c, alice, 10, "job:7", hold));
        clock.advance(Duration.ofHours(2));
        assertThat(tx(ledger::expireDue)).isZero(); // all of it is held

        tx(c -> ledger.release(c, hold));
        assertThat(tx(ledger::expireDue)).isEqualTo(10);

        assertThat(balance(alice)).isEqualTo(Balance.of(0, 0));
        assertThat(tx(ledger::expireDue)).isZero(); // running it again, or on another node, does nothing
    }

    @Test
    void adjustsWithAReasonButNeverBelowZero() throws Exception {
        tx(c -> ledger.grant(c, alice, 10, "welcome", "test", key("g-" + alice), null));
        tx(c -> ledger.adjust(c, alice, -4, "refund reversed", key("a1-" + alice)));

        assertThatThrownBy(() -> tx(c -> ledger.adjust(c, alice, -7, "too much", key("a2-" + alice))))
                .isInstanceOf(InsufficientCredits.class);
        assertThat(balance(alice)).isEqualTo(Balance.of(6, 0));
    }

    @Test
    void keepsEntriesImmutableAndBalancesNonNegativeInTheDatabaseItself() throws Exception {
        tx(c -> ledger.grant(c, alice, 10, "welcome", "test", key("g-" + alice), null));

        assertThatThrownBy(() -> tx(c -> c.createStatement().executeUpdate("UPDATE credit_entries SET amount = 1000")))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> tx(c -> c.createStatement().executeUpdate("DELETE FROM credit_entries")))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> tx(c -> c.createStatement().executeUpdate("UPDATE credit_accounts SET available = -1")))
                .isInstanceOf(SQLException.class).hasMessageContaining("check");
    }

    @Test
    void acceptsExactlyNineOfAHundredConcurrentHoldsOfTenOnNinetyNineCredits() throws Exception {
        tx(c -> ledger.grant(c, alice, 99, "welcome", "test", key("g-" + alice), null));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        var start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String job = "job:race-" + i;
            attempts.add(pool.submit(() -> {
                start.await();
                try {
                    tx(c -> ledger.hold(c, alice, 10, job, "hold:" + job + ":" + alice));
                    return true;
                } catch (InsufficientCredits refused) {
                    return false;
                }
            }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<Boolean> attempt : attempts) {
            accepted += attempt.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(accepted).isEqualTo(9);
        assertThat(balance(alice)).isEqualTo(Balance.of(9, 90));
    }

    /** The books balance: cached balance = sum of entries, lots = available, held = open holds. */
    @AfterEach
    void theBooksBalance() throws Exception {
        tx(c -> {
            try (var rs = c.createStatement().executeQuery("""
                    SELECT a.id FROM credit_accounts a
                    LEFT JOIN (SELECT account_id, sum(available_delta) av, sum(held_delta) he FROM credit_entries GROUP BY account_id) e
                      ON e.account_id = a.id
                    LEFT JOIN (SELECT account_id, sum(remaining) lots FROM credit_lots GROUP BY account_id) l ON l.account_id = a.id
                    LEFT JOIN (SELECT h.account_id, sum(h.amount) open FROM credit_entries h
                               WHERE h.kind = 'hold' AND NOT EXISTS (SELECT 1 FROM credit_entries s WHERE s.hold_id = h.id)
                               GROUP BY h.account_id) o ON o.account_id = a.id
                    WHERE a.available <> coalesce(e.av, 0) OR a.held <> coalesce(e.he, 0)
                       OR a.available <> coalesce(l.lots, 0) OR a.held <> coalesce(o.open, 0)""")) {
                assertThat(rs.next()).as("an account whose cached balance disagrees with its entries").isFalse();
            }
            try (var rs = c.createStatement().executeQuery(
                    "SELECT hold_id FROM credit_entries WHERE hold_id IS NOT NULL GROUP BY hold_id HAVING count(*) > 1")) {
                assertThat(rs.next()).as("a hold both captured and released, or settled twice").isFalse();
            }
            return null;
        });
    }

    @Test
    void answersARepeatedKeyWithTheFirstEntryAndRefusesItForAnotherRequest() throws Exception {
        Entry first = tx(c -> ledger.grant(c, alice, 10, "bonus", "test", RequestKey.of("k-" + alice, "grant 10"), null));

        Entry again = tx(c -> ledger.grant(c, alice, 10, "bonus", "test", RequestKey.of("k-" + alice, "grant 10"), null));
        assertThatThrownBy(() -> tx(c -> ledger.grant(c, bob, 99, "bonus", "test", RequestKey.of("k-" + alice, "grant 99 to bob"), null)))
                .isInstanceOf(RequestKey.Reused.class);
        assertThatThrownBy(() -> tx(c -> ledger.adjust(c, alice, -5, "oops", RequestKey.of("k-" + alice, "adjust -5"))))
                .isInstanceOf(RequestKey.Reused.class);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(balance(alice)).isEqualTo(Balance.of(10, 0));
        assertThat(balance(bob)).isEqualTo(Balance.of(0, 0));
    }

    /** A client key for a test's one request. */
    private static RequestKey key(String key) {
        return RequestKey.of(key, "the one request sent with " + key);
    }

    private List<String> kinds(String account) throws Exception {
        return tx(c -> ledger.entries(c, account, null, 10).stream().map(e -> e.kind()).toList());
    }
}
