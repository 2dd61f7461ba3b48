-- Music tracks the music jobs made: kept, and forgotten, like finished videos.
CREATE TABLE gen_tracks (
    id          uuid PRIMARY KEY,
    job_id      uuid             NOT NULL,
    owner       text             NOT NULL,
    audio_key   text             NOT NULL,
    duration_s  double precision NOT NULL,
    created_at  timestamptz      NOT NULL
);
CREATE INDEX gen_tracks_created ON gen_tracks (created_at);
