package io.lokiz.storage.control;

import io.lokiz.storage.Storage;
import io.lokiz.storage.StorageKeys;
import io.lokiz.storage.StoredObject;
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
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** {@link Storage} on a local (or mounted, shared) directory, served by this app under {@code /media}. */
@ApplicationScoped
public class FileSystemStorage implements Storage {

    private final Path root;
    private final String publicBaseUrl;

    @Inject
    public FileSystemStorage(@ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir,
                             @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl) {
        this(Path.of(dataDir).resolve("storage"), publicUrl.replaceAll("/+$", "") + "/media/");
    }

    public FileSystemStorage(Path root, String publicBaseUrl) {
        this.root = root.toAbsolutePath().normalize();
        this.publicBaseUrl = publicBaseUrl;
    }

    protected FileSystemStorage() {
        this.root = null;
        this.publicBaseUrl = null;
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
        Path start = resolve(keyPrefix);
        if (!Files.exists(start)) {
            return;
        }
        try (Stream<Path> files = Files.walk(start)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String publicUrl(String key) {
        return publicBaseUrl + StorageKeys.require(key);
    }

    private Path resolve(String key) {
        Path file = root.resolve(StorageKeys.require(key)).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return file;
    }
}
