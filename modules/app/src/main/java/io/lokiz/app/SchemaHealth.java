package io.lokiz.app;

import io.lokiz.kernel.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once this node has brought the schema to its migrations (Flyway, at start-up). */
@Readiness
@ApplicationScoped
public class SchemaHealth implements HealthCheck {

    private volatile boolean migrated;

    void migrated(@Observes SchemaReady ready) {
        migrated = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("schema").status(migrated).build();
    }
}
