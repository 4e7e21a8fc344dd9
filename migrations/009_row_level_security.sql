-- Each request sets app.user_id (SET LOCAL app.user_id = '...'); policies read it.
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;

CREATE POLICY projects_member_read ON projects FOR SELECT
    USING (owner_id = nullif(current_setting('app.user_id', true), '')::uuid
           OR EXISTS (SELECT 1 FROM project_members m
                      WHERE m.project_id = projects.id
                        AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));

CREATE POLICY projects_owner_write ON projects FOR ALL
    USING (owner_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = nullif(current_setting('app.user_id', true), '')::uuid);

CREATE POLICY tasks_project_access ON tasks FOR ALL
    USING (EXISTS (SELECT 1 FROM projects p WHERE p.id = tasks.project_id));

CREATE POLICY comments_task_access ON comments FOR ALL
    USING (EXISTS (SELECT 1 FROM tasks t WHERE t.id = comments.task_id));
