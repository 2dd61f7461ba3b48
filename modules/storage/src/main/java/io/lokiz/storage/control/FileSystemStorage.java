package io.lokiz.storage.control;

import io.lokiz.storage.Storage;
import io.lokiz.storage.StorageKeys;
import io.lokiz.storage.StoredObject;
import io.lokiz.kernel.Directories;
import io.lokiz.kernel.Tickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** {@link Storage} on a local (or mounted, shared) directory, served by this app under {@code /media}. */
@ApplicationScoped
public class FileSystemStorage implements Storage {

    /** Ticket purpose of media URLs. */
    public static final String MEDIA = "media";

    private final Path root;
    private final String publicBaseUrl;
    private final Tickets tickets;
    private final Duration urlLifetime;

    @Inject
    public FileSystemStorage(@ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir,
                             @ConfigProperty(name = "lokiz.storage.dir") java.util.Optional<String> storageDir,
                             @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl,
                             @ConfigProperty(name = "lokiz.media.url-ttl-seconds", defaultValue = "3600") long urlTtlSeconds,
                             Tickets tickets) {
        // Several nodes share one storage directory (a mount) while each keeps its own scratch files.
        this(storageDir.map(Path::of).orElse(Path.of(dataDir).resolve("storage")), publicUrl.replaceAll("/+$", "") + "/media/",
                tickets, Duration.ofSeconds(urlTtlSeconds));
    }

    public FileSystemStorage(Path root, String publicBaseUrl, Tickets tickets, Duration urlLifetime) {
        this.root = root.toAbsolutePath().normalize();
        this.publicBaseUrl = publicBaseUrl;
        this.tickets = tickets;
        this.urlLifetime = urlLifetime;
    }

    protected FileSystemStorage() {
        this(Path.of("."), "", null, Duration.ZERO);
    }

    @Override
    public StoredObject put(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        // Write beside the target, then rename: a reader sees the old object or the new one, never half.
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.copy(content, partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return find(key).orElseThrow(() -> new NoSuchFileException(target.toString()));
    }

    @Override
    public Optional<StoredObject> find(String key) {
        Path file = resolve(key);
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(key, attributes.size(), StorageKeys.contentType(key),
                    attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    /** The file behind a key, for serving byte ranges without copying. */
    public Path file(String key) {
        return resolve(key);
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        Directories.delete(resolve(keyPrefix));
    }

    @Override
    public String publicUrl(String key) {
        // The ticket is a path segment, not a query: relative URLs inside an HLS playlist keep it.
        return publicBaseUrl + "t/" + tickets.issue(MEDIA, StorageKeys.scope(key), urlLifetime) + "/" + key;
    }

    /** True when a media URL's ticket admits the key. */
    public boolean admits(String ticket, String key) {
        return tickets.admits(ticket, MEDIA, key);
    }

    private Path resolve(String key) {
        Path file = root.resolve(StorageKeys.require(key)).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return file;
    }
}
