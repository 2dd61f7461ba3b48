-- The reshape: the job engine knows no job type. A job row keeps its `type`, what was asked
-- (`input`) and what its pipeline recorded (`output`) as JSON; images belong to the assets module,
-- finished videos to the generation module. Existing rows are carried over, nothing is lost.

-- Uploaded images are the assets module's. `last_used_at` says when a job last took the image:
-- retention keeps an image that long after its last use, without asking the job tables.
ALTER TABLE job_images RENAME TO asset_images;
ALTER TABLE asset_images ADD COLUMN last_used_at timestamptz;
UPDATE asset_images i SET last_used_at = GREATEST(i.created_at, (SELECT max(j.created_at) FROM job_jobs j WHERE j.image_id = i.id));
ALTER TABLE asset_images ALTER COLUMN last_used_at SET NOT NULL;

-- Finished videos are the generation module's; no module's rows reference another module's.
ALTER TABLE job_videos RENAME TO gen_videos;
ALTER TABLE gen_videos DROP CONSTRAINT job_videos_job_id_fkey;

ALTER TABLE job_jobs
    ADD COLUMN type               text,
    ADD COLUMN input              jsonb,
    ADD COLUMN output             jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN waiting_on         text;
ALTER TABLE job_jobs RENAME COLUMN generation_started_at TO attempt_started_at;

-- Image-to-video previews as the generation module records them (VideoPreview's input and output).
UPDATE job_jobs j SET
    type  = 'video_preview',
    input = jsonb_build_object(
        'imageId', j.image_id,
        'imageKey', (SELECT i.storage_key FROM asset_images i WHERE i.id = j.image_id),
        'settings', jsonb_build_object('duration', j.duration_s, 'resolution', j.resolution, 'fps', j.fps,
                                       'format', j.format, 'enableHLS', j.enable_hls, 'enableBranding', j.enable_branding),
        'frame', (SELECT CASE WHEN i.height > i.width
                              THEN jsonb_build_object('width', s.short_side, 'height', s.short_side * 16 / 9)
                              ELSE jsonb_build_object('width', s.short_side * 16 / 9, 'height', s.short_side) END
                  FROM asset_images i,
                       LATERAL (SELECT CASE WHEN j.resolution = '1080p' THEN 1080 ELSE 720 END AS short_side) s
                  WHERE i.id = j.image_id),
        'provider', j.provider,
        'price', j.price),
    output = jsonb_strip_nulls(jsonb_build_object(
        'requestId', j.provider_request_id,
        'clip', j.provider_result,
        'video', (SELECT jsonb_build_object('id', v.id, 'mp4', v.mp4_key, 'webm', v.webm_key, 'hls', v.hls_key,
                                            'thumbnail', v.thumbnail_key, 'duration', v.duration_s, 'size', v.size_bytes,
                                            'width', v.width, 'height', v.height)
                  FROM gen_videos v WHERE v.id = j.video_id))),
    waiting_on = CASE WHEN j.step = 'POLL' AND j.provider_request_id IS NOT NULL
                      THEN j.provider || ':' || j.provider_request_id END;

ALTER TABLE job_jobs ALTER COLUMN type SET NOT NULL;
ALTER TABLE job_jobs ALTER COLUMN input SET NOT NULL;
ALTER TABLE job_jobs ALTER COLUMN output DROP DEFAULT;
-- Steps are the job type's own: the engine checks only that a step is named when one is due.
ALTER TABLE job_jobs DROP CONSTRAINT job_jobs_step_check;
ALTER TABLE job_jobs
    DROP COLUMN image_id,
    DROP COLUMN duration_s,
    DROP COLUMN resolution,
    DROP COLUMN fps,
    DROP COLUMN format,
    DROP COLUMN enable_hls,
    DROP COLUMN enable_branding,
    DROP COLUMN provider,
    DROP COLUMN provider_request_id,
    DROP COLUMN provider_result,
    DROP COLUMN video_id,
    DROP COLUMN price;

-- A provider's webhook wakes the job waiting on its request.
CREATE INDEX job_jobs_waiting_on ON job_jobs (waiting_on) WHERE waiting_on IS NOT NULL;

-- The event log keeps each change as the engine's record of the job (storage keys, never URLs:
-- a replay must not hand out links that expired). Older payloads held URLs; the current state of
-- every job is recorded again in the new shape, at its current version.
DELETE FROM job_events;
INSERT INTO job_events (job_id, version, status, payload, created_at)
SELECT j.id, j.version, lower(j.state),
       jsonb_strip_nulls(jsonb_build_object(
           'id', j.id, 'type', j.type, 'owner', j.owner, 'state', j.state, 'progress', j.progress,
           'input', j.input, 'output', j.output, 'error', j.error, 'attempts', j.attempts,
           'attemptStartedAt', to_char(j.attempt_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'createdAt', to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'updatedAt', to_char(j.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'version', j.version))::text,
       j.updated_at
FROM job_jobs j;
