package io.lokiz.generation.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.Storage;
import io.lokiz.storage.StorageUnavailable;
import io.lokiz.storage.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The embedded defaults' directory store, which a test can take down: while it is, nothing can be put. */
public final class FlakyStorage implements Storage {

    private final Storage store;
    public boolean down;

    public FlakyStorage(Path root, Clock clock) {
        this.store = Storage.directory(root, "http://localhost:9080", new Tickets(new byte[32], clock), Duration.ofHours(1));
    }

    private void check() throws StorageUnavailable {
        if (down) {
            throw new StorageUnavailable("the store is down (the test took it down)", new IOException("503"));
        }
    }

    @Override
    public StoredObject put(String key, Path file) throws IOException {
        check();
        return store.put(key, file);
    }

    @Override
    public StoredObject put(String key, InputStream content) throws IOException {
        check();
        return store.put(key, content);
    }

    @Override
    public Optional<StoredObject> find(String key) throws IOException {
        return store.find(key);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return store.open(key, offset, length);
    }

    @Override
    public List<StoredObject> list(String keyPrefix) throws IOException {
        return store.list(keyPrefix);
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        store.deleteAll(keyPrefix);
    }

    @Override
    public String publicUrl(String key) {
        return store.publicUrl(key);
    }
}
