-- Static rules cannot look inside the DO block; only running it twice shows the problem.
DO $$
BEGIN
    INSERT INTO plans (code, price) VALUES ('basic', 9.00);
END
$$;
