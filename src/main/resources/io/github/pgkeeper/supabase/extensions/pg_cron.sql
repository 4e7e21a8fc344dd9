-- pgkeeper stand-in for pg_cron (https://github.com/citusdata/pg_cron). The functions have the real
-- signatures and keep cron.job as pg_cron does, but no job ever runs: there is no scheduler.
-- The schema becomes part of the extension only when the extension creates it (PostgreSQL will not
-- adopt an existing one with IF NOT EXISTS).
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'cron') THEN
    CREATE SCHEMA cron;
  END IF;
END
$schema$;

CREATE TABLE cron.job (
  jobid bigserial PRIMARY KEY,
  schedule text NOT NULL,
  command text NOT NULL,
  nodename text NOT NULL DEFAULT 'localhost',
  nodeport integer NOT NULL DEFAULT inet_server_port(),
  database text NOT NULL DEFAULT current_database(),
  username text NOT NULL DEFAULT current_user,
  active boolean NOT NULL DEFAULT true,
  jobname text,
  CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);

CREATE TABLE cron.job_run_details (
  jobid bigint,
  runid bigserial PRIMARY KEY,
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
LANGUAGE sql
AS $$
  INSERT INTO cron.job (schedule, command) VALUES (schedule, command) RETURNING jobid
$$;

-- A job of the same name (for the same user) is replaced, as pg_cron does.
CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql
AS $$
  INSERT INTO cron.job (jobname, schedule, command) VALUES (job_name, schedule, command)
  ON CONFLICT ON CONSTRAINT jobname_username_uniq
  DO UPDATE SET schedule = excluded.schedule, command = excluded.command, active = true
  RETURNING jobid
$$;

CREATE FUNCTION cron.schedule_in_database(
  job_name text, schedule text, command text, database text,
  username text DEFAULT NULL, active boolean DEFAULT true
) RETURNS bigint
LANGUAGE sql
AS $$
  INSERT INTO cron.job (jobname, schedule, command, database, username, active)
  VALUES (job_name, schedule, command, database, coalesce(username, current_user), active)
  ON CONFLICT ON CONSTRAINT jobname_username_uniq
  DO UPDATE SET schedule = excluded.schedule, command = excluded.command,
                database = excluded.database, active = excluded.active
  RETURNING jobid
$$;

CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  DELETE FROM cron.job WHERE jobid = job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job %', job_id;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  DELETE FROM cron.job WHERE jobname = job_name AND username = current_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job ''%''', job_name;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.alter_job(
  job_id bigint, schedule text DEFAULT NULL, command text DEFAULT NULL,
  database text DEFAULT NULL, username text DEFAULT NULL, active boolean DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE cron.job j
     SET schedule = coalesce(alter_job.schedule, j.schedule),
         command = coalesce(alter_job.command, j.command),
         database = coalesce(alter_job.database, j.database),
         username = coalesce(alter_job.username, j.username),
         active = coalesce(alter_job.active, j.active)
   WHERE j.jobid = job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job %', job_id;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA cron TO PUBLIC;
GRANT SELECT ON cron.job, cron.job_run_details TO PUBLIC;
