-- The credits module's ledger. Entries are immutable; balances are cached on the account in the
-- same transaction as the entry, and each entry states its effect on both cached columns, so
--   available = sum(available_delta), held = sum(held_delta)
-- holds for every account at every commit (the ledger tests check it).

CREATE TABLE credit_accounts (
    id         text PRIMARY KEY,                        -- the user (token subject)
    available  bigint      NOT NULL DEFAULT 0 CHECK (available >= 0),
    held       bigint      NOT NULL DEFAULT 0 CHECK (held >= 0),
    updated_at timestamptz NOT NULL
);

CREATE TABLE credit_entries (
    id              bigserial PRIMARY KEY,
    account_id      text        NOT NULL REFERENCES credit_accounts (id),
    kind            text        NOT NULL CHECK (kind IN ('grant', 'hold', 'capture', 'release', 'expire', 'adjust')),
    amount          bigint      NOT NULL CHECK (amount >= 0),
    available_delta bigint      NOT NULL,
    held_delta      bigint      NOT NULL,
    reason          text        NOT NULL,
    reference       text,                               -- job id, admin action, purchase, lot
    idempotency_key text        NOT NULL UNIQUE,
    hold_id         bigint REFERENCES credit_entries (id),
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL,
    CHECK ((kind IN ('capture', 'release')) = (hold_id IS NOT NULL))
);

-- A hold is settled once: captured or released, never both, never twice.
CREATE UNIQUE INDEX credit_entries_one_settlement ON credit_entries (hold_id) WHERE hold_id IS NOT NULL;
CREATE INDEX credit_entries_account ON credit_entries (account_id, id DESC);

-- Corrections are new entries: the database refuses to change or remove one.
CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_entries is append-only: write a correcting entry instead';
END
$$;
CREATE TRIGGER credit_entries_immutable BEFORE UPDATE OR DELETE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

-- Available credits by origin, so that holds spend the soonest-expiring first and expiry knows
-- what is left of each grant. sum(remaining) of an account = its available balance.
CREATE TABLE credit_lots (
    id         bigserial PRIMARY KEY,
    account_id text   NOT NULL REFERENCES credit_accounts (id),
    entry_id   bigint NOT NULL REFERENCES credit_entries (id),
    remaining  bigint NOT NULL CHECK (remaining >= 0),
    expires_at timestamptz
);
CREATE INDEX credit_lots_spend ON credit_lots (account_id, expires_at NULLS LAST, id) WHERE remaining > 0;
CREATE INDEX credit_lots_expiry ON credit_lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

-- Which lots a hold took its credits from; a release gives them back there.
CREATE TABLE credit_hold_parts (
    hold_id bigint NOT NULL REFERENCES credit_entries (id),
    lot_id  bigint NOT NULL REFERENCES credit_lots (id),
    amount  bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (hold_id, lot_id)
);

-- Prices per job type, set by admins; a job keeps the price it was accepted at.
CREATE TABLE credit_prices (
    job_type   text PRIMARY KEY,
    credits    integer     NOT NULL CHECK (credits >= 0),
    updated_at timestamptz NOT NULL
);
INSERT INTO credit_prices (job_type, credits, updated_at) VALUES
    ('video_preview', 10, now()),   -- not priced in the plan; admins set it
    ('i2v_template', 20, now()),
    ('glitch_animate', 30, now()),
    ('glitch_replace', 30, now()),
    ('music', 5, now()),
    ('frame_capture', 0, now());
