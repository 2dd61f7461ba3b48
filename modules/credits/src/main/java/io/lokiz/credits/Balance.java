package io.lokiz.credits;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account's credits: {@code available} to spend, {@code held} by accepted jobs, and their sum. */
@Schema(name = "CreditBalance")
public record Balance(long available, long held, long total) {

    public static Balance of(long available, long held) {
        return new Balance(available, held, available + held);
    }
}
