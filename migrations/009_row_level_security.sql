-- Each request sets app.user_id (SET LOCAL app.user_id = '...'); policies read it.
-- CREATE POLICY has no IF NOT EXISTS, so each one is dropped first to make the file re-runnable.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE project_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_labels ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS users_self ON users;
CREATE POLICY users_self ON users FOR ALL
    USING (id = nullif(current_setting('app.user_id', true), '')::uuid);

DROP POLICY IF EXISTS projects_member_read ON projects;
CREATE POLICY projects_member_read ON projects FOR SELECT
    USING (owner_id = nullif(current_setting('app.user_id', true), '')::uuid
           OR EXISTS (SELECT 1 FROM project_members m
                      WHERE m.project_id = projects.id
                        AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));

DROP POLICY IF EXISTS projects_owner_write ON projects;
CREATE POLICY projects_owner_write ON projects FOR ALL
    USING (owner_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- Members see their own memberships (a policy reading projects here would recurse).
DROP POLICY IF EXISTS project_members_self ON project_members;
CREATE POLICY project_members_self ON project_members FOR SELECT
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

DROP POLICY IF EXISTS tasks_project_access ON tasks;
CREATE POLICY tasks_project_access ON tasks FOR ALL
    USING (EXISTS (SELECT 1 FROM projects p WHERE p.id = tasks.project_id));

DROP POLICY IF EXISTS comments_task_access ON comments;
CREATE POLICY comments_task_access ON comments FOR ALL
    USING (EXISTS (SELECT 1 FROM tasks t WHERE t.id = comments.task_id));

DROP POLICY IF EXISTS labels_project_access ON labels;
CREATE POLICY labels_project_access ON labels FOR ALL
    USING (EXISTS (SELECT 1 FROM projects p WHERE p.id = labels.project_id));

DROP POLICY IF EXISTS task_labels_access ON task_labels;
CREATE POLICY task_labels_access ON task_labels FOR ALL
    USING (EXISTS (SELECT 1 FROM tasks t WHERE t.id = task_labels.task_id));
