package io.lokiz.audit;

import io.lokiz.audit.control.AuditTable;
import io.lokiz.audit.control.AuditedRequest;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Where every admin boundary records what it did: one entry per action, appended in the action's own transaction
 * (the methods refuse to run outside one), so that the trail and the change commit or roll back together. Who acted,
 * the request id and the {@code Idempotency-Key} come from the request itself; the boundary names the action, its
 * target and the target's values before and after (records or maps, written as JSON objects; never a secret).
 */
@ApplicationScoped
public class AuditTrail {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final AuditedRequest request;
    private final Clock clock;

    @Inject
    public AuditTrail(AuditedRequest request, Clock clock) {
        this.request = request;
        this.clock = clock;
    }

    protected AuditTrail() {
        this(null, null);
    }

    /** Appends the action. {@code before} is null for what the action made, {@code after} for what it removed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String target, Object before, Object after) {
        Jdbc.run(database, "the audit trail", c -> AuditTable.append(c, entry(action, target, before, after)));
    }

    /**
     * Appends the action unless this admin's earlier request under the same {@code Idempotency-Key} did: for actions
     * whose repetition under a key answers the first result and changes nothing (grants, adjustments).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOnce(String action, String target, Object before, Object after) {
        Jdbc.run(database, "the audit trail", c -> AuditTable.appendOnce(c, entry(action, target, before, after)));
    }

    private AuditTable.NewEntry entry(String action, String target, Object before, Object after) {
        return new AuditTable.NewEntry(clock.instant(), request.actor(), action, target, json(before), json(after),
                request.id(), request.idempotencyKey());
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        String json = JSON.toJson(value);
        if (!json.startsWith("{")) {
            throw new IllegalArgumentException("an audited value is a JSON object, not " + json);
        }
        return json;
    }
}
