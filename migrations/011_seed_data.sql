-- Demo rows, safe to run twice. Note the E'' string with an escaped quote and a newline.
INSERT INTO users (id, email, display_name, password_hash) VALUES
    ('00000000-0000-0000-0000-000000000001', 'ada@example.com', 'Ada Lovelace', crypt('demo', gen_salt('bf', 4))),
    ('00000000-0000-0000-0000-000000000002', 'grace@example.com', 'Grace Hopper', NULL)
ON CONFLICT (id) DO NOTHING;

INSERT INTO projects (owner_id, name, description)
SELECT '00000000-0000-0000-0000-000000000001', 'Analytical Engine', E'Notes on the engine\nDon\'t lose them'
WHERE NOT EXISTS (SELECT 1 FROM projects WHERE name = 'Analytical Engine');

INSERT INTO tasks (project_id, assignee_id, title, status, priority)
SELECT p.id, '00000000-0000-0000-0000-000000000002', t.title, t.status::task_status, t.priority
FROM projects p
CROSS JOIN (VALUES ('Write the first program', 'done', 1),
                   ('Fix the "bug"; it''s a moth', 'in_progress', 2),
                   ('Plan the Difference Engine', 'todo', 4)) AS t (title, status, priority)
WHERE p.name = 'Analytical Engine'
  AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.title = t.title);
