-- A file wrapped in BEGIN/COMMIT, as many teams' templates are: it still runs as one
-- transaction together with its history row.
BEGIN;

CREATE TABLE IF NOT EXISTS labels (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       text   NOT NULL,
    color      text   NOT NULL DEFAULT '#808080' CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    UNIQUE (project_id, name)
);

CREATE TABLE IF NOT EXISTS task_labels (
    task_id  bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    label_id bigint NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, label_id)
);

COMMIT;
