-- The static rules cannot see into the DO block; the second run hits the bucket's primary key.
DO $$ BEGIN INSERT INTO storage.buckets (id, name) VALUES ('avatars', 'avatars'); END $$;
