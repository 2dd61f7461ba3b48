package io.lokiz.kernel;

/** A webhook that failed verification; the message names what failed, never a secret. */
public class WebhookRejected extends Exception {

    public WebhookRejected(String message) {
        super(message);
    }
}
