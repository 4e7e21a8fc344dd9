CREATE TABLE IF NOT EXISTS comments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id    bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    author_id  uuid   NOT NULL REFERENCES users (id),
    body       text   NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS comments_task_created_idx ON comments (task_id, created_at);
