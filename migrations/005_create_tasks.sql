CREATE TABLE IF NOT EXISTS tasks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  bigint      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    assignee_id uuid        REFERENCES users (id) ON DELETE SET NULL,
    title       text        NOT NULL,
    notes       text,
    status      task_status NOT NULL DEFAULT 'todo',
    priority    smallint    NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    due_on      date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS tasks_project_status_idx ON tasks (project_id, status);
CREATE INDEX IF NOT EXISTS tasks_assignee_open_idx ON tasks (assignee_id) WHERE status <> 'done';
