-- The brand's intro, outro and watermark: one of each, kept normalised in storage, each on or off.
CREATE TABLE gen_branding (
    kind        text             PRIMARY KEY CHECK (kind IN ('intro', 'outro', 'watermark')),
    storage_key text             NOT NULL,
    duration_s  double precision NOT NULL CHECK (duration_s >= 0),
    has_audio   boolean          NOT NULL,
    enabled     boolean          NOT NULL,
    updated_at  timestamptz      NOT NULL
);
