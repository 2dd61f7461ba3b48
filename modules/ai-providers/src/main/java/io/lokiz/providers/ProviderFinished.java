package io.lokiz.providers;

/**
 * A CDI event: a provider's verified webhook says its request {@code requestId} finished. Whoever
 * waits on that request looks at it now instead of at its next poll; repeats change nothing.
 */
public record ProviderFinished(String provider, String requestId) {
}
