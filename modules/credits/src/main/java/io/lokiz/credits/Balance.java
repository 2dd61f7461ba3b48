package io.lokiz.credits;

/** An account's credits: {@code available} to spend, {@code held} by accepted jobs, and their sum. */
public record Balance(long available, long held, long total) {

    public static Balance of(long available, long held) {
        return new Balance(available, held, available + held);
    }
}
