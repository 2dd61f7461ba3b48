package io.lokiz.fetch;

/** An outbound fetch the guard would not make; the message says why and is safe to show the client. */
public class FetchRefused extends Exception {

    public FetchRefused(String message) {
        super(message);
    }
}
