package io.lokiz.assets;

import io.lokiz.assets.control.AssetUsage;
import io.lokiz.assets.control.ImageTable;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.kernel.Jdbc;
import io.lokiz.media.ImageNormaliser;
import io.lokiz.media.UnusableImage;
import io.lokiz.storage.Storage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The assets module's API for images: the bytes in storage, the facts in {@code asset_images},
 * both or neither. Transactional as a whole, so that methods calling each other share one
 * transaction (an import holds no connection while it fetches; the insert at its end is the
 * transaction's first SQL).
 */
@ApplicationScoped
@Transactional
public class Images {

    /** Images are at most 4 MB (the spec's limit). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final ImageTable table = new ImageTable();
    private final Storage storage;
    private final GuardedFetcher fetcher;
    private final ImageNormaliser normaliser;
    private final Clock clock;
    private final long quotaBytes;

    @Inject
    public Images(Storage storage, GuardedFetcher fetcher, ImageNormaliser normaliser, Clock clock,
                  @ConfigProperty(name = "lokiz.assets.quota-mb", defaultValue = "1024") long quotaMb) {
        this.storage = storage;
        this.fetcher = fetcher;
        this.normaliser = normaliser;
        this.clock = clock;
        this.quotaBytes = quotaMb * 1024 * 1024;
    }

    protected Images() {
        this(null, null, null, null, 0);
    }

    /**
     * Keeps the upload if it is a picture and fits the owner's quota: decoded whole, turned upright,
     * stripped of metadata and stored anew ({@link ImageNormaliser}); the format comes from the
     * bytes, never from a label. The owner's quota is locked from the check to the commit, so
     * concurrent uploads on any node cannot together pass it.
     */
    public StoredImage keep(byte[] upload, String owner) throws IOException, NotAnImage, QuotaExceeded {
        ImageNormaliser.Normalised still;
        try {
            still = normaliser.normalise(upload);
        } catch (UnusableImage e) {
            throw new NotAnImage(e);
        }
        byte[] bytes = still.bytes();
        long used = run(c -> AssetUsage.lock(c, owner));
        if (used + bytes.length > quotaBytes) {
            throw new QuotaExceeded(used, quotaBytes, bytes.length);
        }
        UUID id = UUID.randomUUID();
        String key = "images/" + id + "." + still.format().extension();
        storage.put(key, new ByteArrayInputStream(bytes));
        var image = new Image(id, owner, still.format().contentType(), still.width(), still.height(), bytes.length, key, clock.instant());
        try {
            run(c -> {
                table.insert(c, image);
                return null;
            });
        } catch (RuntimeException e) {
            storage.deleteAll(key); // no row: no bytes either
            throw e;
        }
        return stored(image);
    }

    /** Fetches an image from a URL through the SSRF guard and keeps it. */
    public StoredImage importFrom(String url, String owner) throws IOException, FetchRefused, NotAnImage, QuotaExceeded {
        Path file = Files.createTempFile("import", ".img");
        try {
            fetcher.fetch(url, Set.of("image/", "application/octet-stream"), file, MAX_BYTES);
            return keep(Files.readAllBytes(file), owner);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The owner's image as the API shows it; another user's is as absent as a missing one. */
    public Optional<StoredImage> find(UUID id, String owner) {
        return run(c -> table.find(c, id)).filter(i -> i.isOwnedBy(owner)).map(this::stored);
    }

    /** The owner's image for a job that uses it now: retention then keeps it for another period. */
    public Optional<Image> use(UUID id, String owner) {
        return run(c -> table.use(c, id, owner, clock.instant()));
    }

    private StoredImage stored(Image image) {
        return new StoredImage(image.id(), storage.publicUrl(image.storageKey()), image.width(), image.height(), image.contentType());
    }

    private <T> T run(Jdbc.Work<T, RuntimeException> work) {
        return Jdbc.run(database, "image library", work);
    }
}
