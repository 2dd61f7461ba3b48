-- The motion/style templates of the plan, a catalogue the admin keeps. `motion` is the camera
-- motion the local provider renders for it; remote models get the prompt.
CREATE TABLE gen_templates (
    id             text        PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,40}$'),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    default_prompt text        NOT NULL CHECK (length(default_prompt) <= 500),
    motion         text        NOT NULL CHECK (motion IN ('PUSH_IN', 'SWAY', 'BOUNCE')),
    enabled        boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
INSERT INTO gen_templates VALUES
    ('ai_hug', 'AI hug', 'Two people hugging with AI effect', 'SWAY', true, now(), now()),
    ('dance', 'Dance', 'Dance to the beat, full body motion', 'BOUNCE', true, now(), now());
