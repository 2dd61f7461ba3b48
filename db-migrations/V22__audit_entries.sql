-- The audit module's trail of admin actions: who did what to which target, the values before and
-- after, the request it came with. Written in the transaction of the action itself, so an action
-- that rolls back leaves no entry and an entry never names an action that did not happen.
CREATE TABLE audit_entries (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text        NOT NULL,                -- the token's subject
    action          text        NOT NULL,                -- e.g. credits.grant, jobs.cancel
    target          text        NOT NULL,                -- e.g. account:maria, job:<id>, prices
    before          jsonb,
    after           jsonb,
    request_id      text        NOT NULL,
    idempotency_key text
);

-- The console filters by one of these and pages newest first; time filters ride on the id order.
CREATE INDEX audit_entries_actor ON audit_entries (actor, id DESC);
CREATE INDEX audit_entries_action ON audit_entries (action, id DESC);
CREATE INDEX audit_entries_target ON audit_entries (target, id DESC);
CREATE INDEX audit_entries_at ON audit_entries (at, id);

-- Like the ledger: the database refuses to change, remove or truncate an entry.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only';
END
$$;
CREATE TRIGGER audit_entries_immutable BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_not_truncated BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
