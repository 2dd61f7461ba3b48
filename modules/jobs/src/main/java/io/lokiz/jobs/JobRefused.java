package io.lokiz.jobs;

import jakarta.ws.rs.WebApplicationException;

/** The engine refusing a job (the queue full, its type paused, a retry it may not make): each says so as a client's problem. */
public abstract class JobRefused extends RuntimeException {

    protected JobRefused(String message) {
        super(message);
    }

    /** The answer the client gets: problem+json with a stable type. */
    public abstract WebApplicationException problem();
}
