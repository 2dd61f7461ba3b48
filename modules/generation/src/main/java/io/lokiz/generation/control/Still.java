package io.lokiz.generation.control;

import io.lokiz.kernel.Problem;

import java.util.UUID;

/**
 * The still a request names: one of the user's images by id, or a URL to import as a new one.
 * {@code field} is what the client called it, so that a problem with it names the field the
 * client sent.
 */
public record Still(UUID id, String url, String field) {

    public Still {
        if ((id == null) == (url == null)) {
            throw new IllegalArgumentException("a still is an image id or a URL");
        }
    }

    public static Still byId(UUID id, String field) {
        return new Still(id, null, field);
    }

    public static Still byUrl(String url, String field) {
        return new Still(null, url, field);
    }

    /** The plan's pair {@code <name>_id} and {@code <name>_url}, exactly one of them sent. */
    public static Still ofEither(String name, String id, String url) {
        if ((id == null) == (url == null)) {
            throw Problem.invalid(name + "_id", "send exactly one of " + name + "_id and " + name + "_url");
        }
        return id != null ? byId(Problem.id(name + "_id", id), name + "_id") : byUrl(url, name + "_url");
    }

    /** The id or URL, as the request gave it. */
    public String reference() {
        return id != null ? id.toString() : url;
    }
}
