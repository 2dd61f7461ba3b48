package io.lokiz.credits;

/** A hold that does not fit the available balance. */
public class InsufficientCredits extends Exception {

    private final long price;
    private final long available;

    public InsufficientCredits(long price, long available) {
        super("this needs " + price + " credits and " + available + " are available");
        this.price = price;
        this.available = available;
    }

    public long price() {
        return price;
    }

    public long available() {
        return available;
    }
}
