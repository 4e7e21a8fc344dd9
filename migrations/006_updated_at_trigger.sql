-- Keeps updated_at current on every UPDATE. The body is dollar-quoted with a tag, and
-- contains semicolons that must not split the statement. CREATE OR REPLACE TRIGGER needs
-- PostgreSQL 14, which the sample set targets.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := now();  -- 'now' is the transaction's start time
    RETURN NEW;
END;
$fn$;

CREATE OR REPLACE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE OR REPLACE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE OR REPLACE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
