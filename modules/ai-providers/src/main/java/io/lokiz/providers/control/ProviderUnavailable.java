package io.lokiz.providers.control;

/**
 * A provider call that got no usable answer: the connection failed or timed out, or the provider
 * answered 5xx. Worth asking again soon; it counts against the provider's circuit breaker.
 */
public class ProviderUnavailable extends RuntimeException {

    public ProviderUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
