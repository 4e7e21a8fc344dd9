/* Task workflow states. New states are added with ALTER TYPE ... ADD VALUE in later
   migrations; /* nested comments */ are fine here. */
CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'done');
