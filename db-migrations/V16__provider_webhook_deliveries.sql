-- Provider webhooks seen, by their delivery id (Standard Webhooks' webhook-id): a delivery that
-- comes again (providers retry) is answered without acting twice, on whichever node it lands.
CREATE TABLE provider_webhook_deliveries (
    provider    text        NOT NULL,
    delivery_id text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, delivery_id)
);
CREATE INDEX provider_webhook_deliveries_received ON provider_webhook_deliveries (received_at);
