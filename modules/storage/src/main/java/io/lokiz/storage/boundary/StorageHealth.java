package io.lokiz.storage.boundary;

import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.UUID;

/** Ready only while the store takes a write, shows it, and lets it go: what every finished job needs. */
@Readiness
@ApplicationScoped
public class StorageHealth implements HealthCheck {

    private final Storage storage;

    @Inject
    public StorageHealth(Storage storage) {
        this.storage = storage;
    }

    protected StorageHealth() {
        this(null);
    }

    @Override
    public HealthCheckResponse call() {
        String key = "health/probe-" + UUID.randomUUID() + ".txt";
        try {
            storage.put(key, new ByteArrayInputStream("ok".getBytes()));
            boolean readable = storage.find(key).isPresent();
            storage.deleteAll(key);
            return HealthCheckResponse.named("storage").status(readable).build();
        } catch (IOException | RuntimeException e) {
            return HealthCheckResponse.named("storage").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
