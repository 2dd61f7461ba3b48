package io.lokiz.storage.control;

import io.lokiz.kernel.Directories;
import io.lokiz.storage.Storage;
import io.lokiz.storage.StorageKeys;
import io.lokiz.storage.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link Storage} on a local (or mounted, shared) directory, served by this app under
 * {@code /media}: the embedded default.
 */
public class FileSystemStorage implements Storage {

    private final Path root;
    private final MediaUrls urls;

    public FileSystemStorage(Path root, MediaUrls urls) {
        this.root = root.toAbsolutePath().normalize();
        this.urls = urls;
    }

    @Override
    public StoredObject put(String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            StoredObject stored = put(key, in);
            if (stored.size() != Files.size(file)) {
                throw new IOException("stored " + stored.size() + " bytes of " + Files.size(file) + " for " + key);
            }
            return stored;
        }
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
    public Optional<StoredObject> find(String key) throws IOException {
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
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedStream(Channels.newInputStream(channel), length);
    }

    @Override
    public List<StoredObject> list(String keyPrefix) throws IOException {
        int cut = keyPrefix.lastIndexOf('/');
        Path dir = cut < 0 ? root : resolve(keyPrefix.substring(0, cut));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        var found = new ArrayList<StoredObject>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(keyPrefix) && StorageKeys.isValid(key) && !file.getFileName().toString().startsWith(".")) {
                    find(key).ifPresent(found::add);
                }
            }
        }
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        Directories.delete(resolve(keyPrefix));
    }

    @Override
    public String publicUrl(String key) {
        return urls.of(StorageKeys.require(key));
    }

    private Path resolve(String key) {
        Path file = root.resolve(StorageKeys.require(key)).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return file;
    }
}
