package io.lokiz.generation.control;

import io.lokiz.assets.Image;
import io.lokiz.assets.Images;
import io.lokiz.assets.NotAnImage;
import io.lokiz.assets.QuotaExceeded;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.kernel.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.UUID;

/** Turns the still a request names into one of the user's images: imported (through the URL guard) when it is a URL. */
@ApplicationScoped
public class Stills {

    private final Images images;

    @Inject
    public Stills(Images images) {
        this.images = images;
    }

    protected Stills() {
        this(null);
    }

    /** The image's id; a URL is fetched and kept as a new image first. Outside any transaction: fetching takes time. */
    public UUID imported(String user, Still still) {
        if (still.id() != null) {
            return still.id();
        }
        try {
            return images.importFrom(still.url(), user).id();
        } catch (FetchRefused e) {
            throw Problem.urlRefused(still.field(), e.getMessage());
        } catch (NotAnImage e) {
            throw e.problem(still.field());
        } catch (QuotaExceeded e) {
            throw e.problem();
        } catch (IOException e) {
            throw Problem.invalid(still.field(), "the image could not be fetched: " + e.getMessage());
        }
    }

    /** The user's image, marked used by the job being accepted; a missing one is a 404 naming it. */
    public Image use(String user, UUID id) {
        return images.use(id, user).orElseThrow(() -> Problem.notFound("image", id));
    }
}
