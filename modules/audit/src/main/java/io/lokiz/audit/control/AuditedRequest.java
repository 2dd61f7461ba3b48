package io.lokiz.audit.control;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin request being served, as the trail names it: who sent it, its id and its {@code Idempotency-Key}. Filled
 * in by {@code AuditedRequests} before the resource runs; an action recorded outside an admin request is a bug.
 */
@RequestScoped
public class AuditedRequest {

    public static final String ID_HEADER = "X-Request-Id";
    /** A proxy's or client's id is kept when it looks like one; anything else would be a way to write into the trail. */
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_KEY = 255;

    private String actor;
    private String id;
    private String idempotencyKey;

    /** Called once per request, after authentication. */
    public void begin(String actor, String givenId, String idempotencyKey) {
        this.actor = actor;
        this.id = givenId != null && ACCEPTED_ID.matcher(givenId).matches() ? givenId : UUID.randomUUID().toString();
        this.idempotencyKey = idempotencyKey == null || idempotencyKey.isBlank() ? null
                : idempotencyKey.substring(0, Math.min(MAX_KEY, idempotencyKey.length()));
    }

    public String actor() {
        if (actor == null) {
            throw new IllegalStateException("an admin action was recorded outside an authenticated admin request");
        }
        return actor;
    }

    /** The request's id, or null before {@link #begin}. */
    public String id() {
        return id;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}
