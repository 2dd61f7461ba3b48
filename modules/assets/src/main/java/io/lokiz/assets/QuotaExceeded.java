package io.lokiz.assets;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;

/** Keeping the image would take the owner past their storage quota ({@code lokiz.assets.quota-mb}). */
public final class QuotaExceeded extends Exception {

    private final long used;
    private final long quota;
    private final long size;

    public QuotaExceeded(long used, long quota, long size) {
        super("Your images take " + megabytes(used) + " of your " + megabytes(quota) + " quota; this one ("
                + megabytes(size) + ") does not fit. Images no job has used for the retention period are removed, "
                + "which frees their space");
        this.used = used;
        this.quota = quota;
        this.size = size;
    }

    /** 413 {@code storage-quota-exceeded}, with the figures for programs. */
    public WebApplicationException problem() {
        return Problem.of(413, "storage-quota-exceeded", "Storage quota exceeded", getMessage(),
                Map.of("usedBytes", used, "quotaBytes", quota, "sizeBytes", size));
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
