INSERT INTO accounts (email) VALUES ('ada@example.com'), ('grace@example.com');
