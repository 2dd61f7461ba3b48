-- Playback statistics (REQ-O-004): one row per video and UTC day, counted as players report,
-- so that reading a video's figures never scans events. Viewers are kept only as hashes, per
-- day, to count unique ones; both tables are pruned by lokiz.analytics.keep-days.
CREATE TABLE analytics_video_days (
    video_id      uuid             NOT NULL,
    day           date             NOT NULL,
    owner         text             NOT NULL,
    plays         bigint           NOT NULL DEFAULT 0,
    viewers       bigint           NOT NULL DEFAULT 0,
    watch_seconds double precision NOT NULL DEFAULT 0,
    completions   bigint           NOT NULL DEFAULT 0,
    errors        bigint           NOT NULL DEFAULT 0,
    PRIMARY KEY (video_id, day)
);
CREATE INDEX analytics_video_days_day ON analytics_video_days (day);

CREATE TABLE analytics_viewers (
    video_id uuid  NOT NULL,
    day      date  NOT NULL,
    viewer   bytea NOT NULL,
    PRIMARY KEY (video_id, day, viewer)
);
CREATE INDEX analytics_viewers_day ON analytics_viewers (day);
