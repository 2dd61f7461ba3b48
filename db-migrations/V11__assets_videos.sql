-- Videos users upload (a main video to capture frames from, a template video for glitch). Like
-- images: the owner's alone, kept while jobs use them, forgotten a retention period after.
CREATE TABLE asset_videos (
    id           uuid PRIMARY KEY,
    owner        text             NOT NULL,
    container    text             NOT NULL,
    duration_s   double precision NOT NULL CHECK (duration_s > 0),
    width        integer          NOT NULL CHECK (width > 0),
    height       integer          NOT NULL CHECK (height > 0),
    rotation     integer          NOT NULL CHECK (rotation IN (0, 90, 180, 270)),
    video_codec  text             NOT NULL,
    audio_codec  text,
    size_bytes   bigint           NOT NULL CHECK (size_bytes > 0),
    storage_key  text             NOT NULL UNIQUE,
    poster_key   text             NOT NULL UNIQUE,
    created_at   timestamptz      NOT NULL,
    last_used_at timestamptz      NOT NULL
);
CREATE INDEX asset_videos_owner ON asset_videos (owner) INCLUDE (size_bytes);
CREATE INDEX asset_videos_last_used ON asset_videos (last_used_at);
