-- What the C2PA manifests signed into a video's files (MP4, thumbnail) or a track say, kept beside
-- the files so that GET /api/video/{id}/provenance answers without reading them. Media stored
-- before content credentials existed have none (NULL).
ALTER TABLE gen_videos ADD COLUMN credentials jsonb;
ALTER TABLE gen_tracks ADD COLUMN credentials jsonb;
