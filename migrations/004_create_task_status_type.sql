/* Task workflow states. New states are added with ALTER TYPE ... ADD VALUE in later
   migrations; /* nested comments */ are fine here. CREATE TYPE has no IF NOT EXISTS, so a
   second run is caught as duplicate_object. */
DO $$
BEGIN
    CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'done');
EXCEPTION
    WHEN duplicate_object THEN NULL;  -- created by an earlier run
END
$$;
