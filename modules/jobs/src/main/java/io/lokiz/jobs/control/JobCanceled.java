package io.lokiz.jobs.control;

import java.util.UUID;

/** A job was canceled while its provider worked on it; the provider is told once the cancel commits. */
public record JobCanceled(UUID jobId, String provider, String requestId) {
}
