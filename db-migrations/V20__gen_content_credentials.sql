-- What the C2PA manifests signed into a video's files (MP4, thumbnail) say, kept beside the files
-- so that GET /api/video/{id}/provenance answers without reading them (a job keeps the same for all
-- its outputs, tracks included). Videos stored before content credentials existed have none (NULL).
ALTER TABLE gen_videos ADD COLUMN credentials jsonb;
