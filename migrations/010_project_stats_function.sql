-- A SQL-standard function body (PostgreSQL 14+): the semicolons inside BEGIN ATOMIC ... END
-- belong to the function, not to the script.
CREATE OR REPLACE FUNCTION open_task_count(p_project_id bigint) RETURNS bigint
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM tasks
    WHERE project_id = p_project_id
      AND status <> 'done';
END;

CREATE OR REPLACE VIEW project_overview AS
SELECT p.id, p.name, u.email AS owner_email, open_task_count(p.id) AS open_tasks
FROM projects p JOIN users u ON u.id = p.owner_id;
