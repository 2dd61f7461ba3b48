package io.lokiz.storage.boundary;

import io.lokiz.kernel.Problem;
import io.lokiz.storage.StorageUnavailable;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;
import java.util.logging.Logger;

/** A request that needed the object store while it was down: {@code 503} with a time to come back, the cause logged, not sent. */
@Provider
public class StorageProblems implements ExceptionMapper<StorageUnavailable> {

    /** How long clients are asked to wait; stores usually come back within that. */
    static final long RETRY_AFTER_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(StorageProblems.class.getName());

    @Override
    public Response toResponse(StorageUnavailable e) {
        LOG.warning("request refused, object store unavailable: " + e.getMessage());
        return Problem.response(503, "storage-unavailable", "Storage unavailable",
                        "Files cannot be stored or read right now; nothing was kept. Try again in " + RETRY_AFTER_SECONDS + " s.",
                        Map.of("retryAfter", RETRY_AFTER_SECONDS)) // the name every retryable problem uses
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
