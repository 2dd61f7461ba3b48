package io.lokiz.providers.control;

import io.lokiz.kernel.Chore;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * The webhook deliveries already acted on ({@code provider_webhook_deliveries}), across nodes.
 * Kept a day: providers stop retrying long before (Replicate after about a minute, fal after two hours).
 */
@ApplicationScoped
public class WebhookDeliveries implements Chore {

    static final Duration KEEP = Duration.ofDays(1);

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public WebhookDeliveries(Clock clock) {
        this.clock = clock;
    }

    protected WebhookDeliveries() {
        this(null);
    }

    /** True the first time {@code provider} delivers {@code deliveryId}; false for every repeat. */
    @Transactional
    public boolean first(String provider, String deliveryId) {
        return Jdbc.run(database, "webhook deliveries", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO provider_webhook_deliveries (provider, delivery_id, received_at) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                st.setString(1, provider);
                st.setString(2, deliveryId);
                st.setTimestamp(3, Timestamp.from(clock.instant()));
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    @Transactional
    public String sweep() {
        int removed = Jdbc.run(database, "webhook deliveries", c -> {
            try (var st = c.prepareStatement("DELETE FROM provider_webhook_deliveries WHERE received_at < ?")) {
                st.setTimestamp(1, Timestamp.from(clock.instant().minus(KEEP)));
                return st.executeUpdate();
            }
        });
        return removed == 0 ? "" : removed + " webhook deliveries forgotten";
    }
}
