package io.lokiz.jobs.control;

import io.lokiz.jobs.entity.Image;
import io.lokiz.media.ImageInfo;
import io.lokiz.media.ImageProbe;
import io.lokiz.providers.FetchRefused;
import io.lokiz.providers.GuardedFetcher;
import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.time.Clock;
import java.util.UUID;

/**
 * Keeps uploaded images: the bytes in storage, the facts in {@code job_images}, both or neither.
 * Transactional as a whole, so that methods calling each other share one transaction (an import
 * holds no connection while it fetches; the insert at its end is the transaction's first SQL).
 */
@ApplicationScoped
@Transactional
public class ImageLibrary {

    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    /** Images are at most 4 MB (the spec's limit). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private final Storage storage;
    private final GuardedFetcher fetcher;
    private final Clock clock;

    @Inject
    public ImageLibrary(Storage storage, GuardedFetcher fetcher, Clock clock) {
        this.storage = storage;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    protected ImageLibrary() {
        this(null, null, null);
    }

    /** The bytes are no JPEG, PNG or WebP we can read. */
    public static final class NotAnImage extends Exception {
        public NotAnImage() {
            super("not a readable JPEG, PNG or WebP image (at most " + ImageProbe.MAX_PIXELS / 1_000_000 + " megapixels)");
        }
    }

    /** Keeps the bytes if they are an image; the real format comes from the bytes, never from a label. */
    public StoredImage keep(byte[] bytes, String owner) throws IOException, NotAnImage {
        ImageInfo info = ImageProbe.probe(bytes).orElseThrow(NotAnImage::new);
        return add(bytes, info, owner);
    }

    /** Fetches an image from a URL through the SSRF guard and keeps it. */
    public StoredImage importFrom(String url, String owner) throws IOException, FetchRefused, NotAnImage {
        Path file = Files.createTempFile("import", ".img");
        try {
            fetcher.fetch(url, Set.of("image/", "application/octet-stream"), file, MAX_BYTES);
            return keep(Files.readAllBytes(file), owner);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Stores a probed image; if the row cannot be written, the stored bytes are removed again. */
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
    public java.util.Optional<StoredImage> find(UUID id, String owner) {
        return java.util.Optional.ofNullable(em.find(Image.class, id)).filter(i -> i.isOwnedBy(owner))
                .map(i -> new StoredImage(i.id(), storage.publicUrl(i.storageKey()), i.width(), i.height(), i.contentType()));
    }

    /** An image as {@code POST /api/images} answers it. */
    public record StoredImage(UUID id, String url, int width, int height, String contentType) {
    }
}
