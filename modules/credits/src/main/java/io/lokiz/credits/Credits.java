package io.lokiz.credits;

import io.lokiz.credits.control.Ledger;
import io.lokiz.credits.control.PriceTable;
import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The credits module's API. Every method joins the caller's transaction (the job's, when a job
 * is accepted or finishes), so a job and its credits change together or not at all. References
 * are strings such as {@code job:<id>}: this module knows nothing of jobs.
 */
@ApplicationScoped
@Transactional
public class Credits {

    /** The largest grant or adjustment: far beyond any real purchase, far below any overflow. */
    public static final long MAX_CHANGE = 1_000_000_000L;

    /** The highest price of a job type. */
    public static final int MAX_PRICE = 1_000_000;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Ledger ledger;
    private final PriceTable prices = new PriceTable();
    private final long welcomeGrant;
    private final Event<AvailableCreditsFell> fell;

    @Inject
    public Credits(Clock clock, @ConfigProperty(name = "lokiz.credits.welcome-grant", defaultValue = "100") long welcomeGrant,
                   Event<AvailableCreditsFell> fell) {
        this.ledger = new Ledger(clock);
        this.welcomeGrant = welcomeGrant;
        this.fell = fell;
    }

    protected Credits() {
        this.ledger = null;
        this.welcomeGrant = 0;
        this.fell = null;
    }

    /** Reserves {@code amount} for {@code reference} (once, however often it is asked). */
    public void hold(String account, long amount, String reference) throws InsufficientCredits {
        run(c -> {
            welcome(c, account);
            Entry hold = ledger.hold(c, account, amount, reference, holdKey(reference));
            fell(c, account, hold, amount);
            return hold;
        });
    }

    /** Tells observers the account's available credits went down by {@code amount} with {@code entry}. */
    private void fell(Connection c, String account, Entry entry, long amount) throws SQLException {
        long after = ledger.balance(c, account).available();
        fell.fire(new AvailableCreditsFell(account, entry.id(), after + amount, after));
    }

    /** Charges the hold of {@code reference}; true only the one time it actually charges. */
    public boolean capture(String reference) {
        return run(c -> ledger.capture(c, holdKey(reference)));
    }

    /** Gives the hold of {@code reference} back; true only the one time it actually releases. */
    public boolean release(String reference) {
        return run(c -> ledger.release(c, holdKey(reference)));
    }

    /** What was held for {@code reference} and how it settled (charged or released), oldest first. */
    public List<Entry> ofReference(String reference) {
        return run(c -> ledger.ofHold(c, holdKey(reference)));
    }

    /** The account's balance; a new user's first look gives them their welcome grant. */
    public Balance balance(String account) {
        return run(c -> {
            // One statement for every look but the first: the welcome grant is there already.
            Optional<Balance> welcomed = ledger.balanceIfGranted(c, account, welcomeGrant > 0 ? welcomeKey(account) : null);
            if (welcomed.isPresent()) {
                return welcomed.get();
            }
            welcome(c, account);
            return ledger.balance(c, account);
        });
    }

    /** The account's balance as it stands, for an admin's look: no welcome grant is given by looking. */
    public Balance look(String account) {
        return run(c -> ledger.balance(c, account));
    }

    public List<Entry> entries(String account, Long before, int limit) {
        return run(c -> ledger.entries(c, account, before, limit));
    }

    /**
     * Adds credits to {@code account}. {@code key} is the client's idempotency key, already in the
     * caller's namespace: its repetition answers the first entry, its reuse for another request
     * is {@link io.lokiz.kernel.RequestKey.Reused}.
     */
    public Entry grant(String account, long amount, String reason, Instant expiresAt, RequestKey key) {
        checkAmount(amount);
        return run(c -> {
            welcome(c, account);
            return ledger.grant(c, account, amount, reason, "admin", key, expiresAt);
        });
    }

    /** Moves the available balance by {@code delta} (either sign), never below zero; keys as for grants. */
    public Entry adjust(String account, long delta, String reason, RequestKey key) throws InsufficientCredits {
        checkAmount(delta);
        return run(c -> {
            welcome(c, account);
            Entry entry = ledger.adjust(c, account, delta, reason, key);
            if (delta < 0) {
                fell(c, account, entry, -delta);
            }
            return entry;
        });
    }

    private static void checkAmount(long amount) {
        if (amount == 0 || amount < -MAX_CHANGE || amount > MAX_CHANGE) { // (Math.abs would let Long.MIN_VALUE through)
            throw new IllegalArgumentException("an amount is 1 to " + MAX_CHANGE + " credits either way, not " + amount);
        }
    }

    /** Housekeeping: expires what is past its date; safe on every node at once. */
    public long expireDue() {
        return run(ledger::expireDue);
    }

    /**
     * The current price of a job type, in credits. A type without a price is refused: a typo in a
     * job type must never make a job free.
     */
    public int price(String jobType) {
        Integer price = prices().get(jobType);
        if (price == null) {
            throw new IllegalArgumentException("no price for job type \"" + jobType + "\"");
        }
        return price;
    }

    public Map<String, Integer> prices() {
        return run(prices::all);
    }

    /** Sets prices of known job types; answers false (and changes nothing) if one is unknown. */
    public boolean setPrices(Map<String, Integer> changes) {
        return run(c -> {
            if (!prices.all(c).keySet().containsAll(changes.keySet())) {
                return false;
            }
            for (var change : changes.entrySet()) {
                prices.set(c, change.getKey(), change.getValue());
            }
            return true;
        });
    }

    /**
     * New users start with a configurable trial grant ({@code lokiz.credits.welcome-grant}), given
     * once, on the first operation that touches their account (so an admin's adjustment of a new
     * user applies on top of it, not before it).
     */
    private void welcome(Connection c, String account) throws SQLException {
        if (welcomeGrant > 0) {
            ledger.grant(c, account, welcomeGrant, "welcome credits", "welcome", new RequestKey(welcomeKey(account), null), null);
        }
    }

    private static String welcomeKey(String account) {
        return "welcome:" + account;
    }

    private static String holdKey(String reference) {
        return "hold:" + reference;
    }

    private <T, E extends Exception> T run(Jdbc.Work<T, E> work) throws E {
        return Jdbc.run(database, "credit ledger", work);
    }
}
