package io.lokiz.jobs.control;

import io.lokiz.jobs.entity.Image;
import io.lokiz.media.ImageInfo;
import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/** Keeps uploaded images: the bytes in storage, the facts in {@code job_images}, both or neither. */
@ApplicationScoped
public class ImageLibrary {

    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    private final Storage storage;
    private final Clock clock;

    @Inject
    public ImageLibrary(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    protected ImageLibrary() {
        this(null, null);
    }

    /** Stores a probed image; if the row cannot be written, the stored bytes are removed again. */
    @Transactional
    public StoredImage add(byte[] bytes, ImageInfo info, String owner) throws IOException {
        UUID id = UUID.randomUUID();
        String key = "images/" + id + "." + info.format().extension();
        storage.put(key, new ByteArrayInputStream(bytes));
        try {
            em.persist(new Image(id, owner, info.format().contentType(), info.width(), info.height(), bytes.length, key, clock.instant()));
            em.flush();
        } catch (RuntimeException e) {
            storage.deleteAll(key);
            throw e;
        }
        return new StoredImage(id, storage.publicUrl(key), info.width(), info.height(), info.format().contentType());
    }

    /** The user's image; another user's is as absent as a missing one. */
    @Transactional
    public java.util.Optional<StoredImage> find(UUID id, String owner) {
        return java.util.Optional.ofNullable(em.find(Image.class, id)).filter(i -> i.isOwnedBy(owner))
                .map(i -> new StoredImage(i.id(), storage.publicUrl(i.storageKey()), i.width(), i.height(), i.contentType()));
    }

    /** An image as {@code POST /api/images} answers it. */
    public record StoredImage(UUID id, String url, int width, int height, String contentType) {
    }
}
