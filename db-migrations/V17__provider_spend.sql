-- What provider calls cost (USD), one row per provider request, so that a month's spend is a sum
-- and the monthly budget (lokiz.providers.monthly-budget-usd) holds across nodes.
CREATE TABLE provider_spend (
    provider    text          NOT NULL,
    request_id  text          NOT NULL,
    job_id      uuid          NOT NULL,
    cost_usd    numeric(12,4) NOT NULL CHECK (cost_usd >= 0),
    month       date          NOT NULL,
    recorded_at timestamptz   NOT NULL,
    PRIMARY KEY (provider, request_id)
);
CREATE INDEX provider_spend_month ON provider_spend (month);
CREATE INDEX provider_spend_job ON provider_spend (job_id);
