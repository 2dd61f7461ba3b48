package io.lokiz.credits;

/**
 * A CDI event: an account's available credits just went down, by a hold or an adjustment (entry
 * {@code entryId}). Fired inside the transaction that changed them, so an observer's writes (a
 * low-credit notice) commit with the change or not at all. A repeated request that changed
 * nothing fires it again with the same entry id.
 */
public record AvailableCreditsFell(String account, long entryId, long before, long after) {
}
