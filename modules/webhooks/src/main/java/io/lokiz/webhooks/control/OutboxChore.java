package io.lokiz.webhooks.control;

import io.lokiz.kernel.Chore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Forgets messages and their delivery log after the retention period ({@code lokiz.webhooks.retention-days}). */
@ApplicationScoped
public class OutboxChore implements Chore {

    private final Deliveries deliveries;

    @Inject
    public OutboxChore(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    protected OutboxChore() {
        this(null);
    }

    @Override
    public String sweep() {
        int forgotten = deliveries.forgetOld();
        return forgotten == 0 ? "" : forgotten + " webhook messages past their retention forgotten";
    }
}
