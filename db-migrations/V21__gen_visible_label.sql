-- Whether finished videos carry a visible "AI-generated" label, and in which corner: one row,
-- switched by admins (PUT /api/admin/provenance); every node reads it when a job encodes.
CREATE TABLE gen_visible_label (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    enabled    boolean     NOT NULL,
    corner     text        NOT NULL CHECK (corner IN ('top_left', 'top_right', 'bottom_left', 'bottom_right')),
    updated_at timestamptz NOT NULL,
    updated_by text        NOT NULL
);
INSERT INTO gen_visible_label (enabled, corner, updated_at, updated_by) VALUES (false, 'top_left', now(), 'default');
