-- Extensions the app relies on. Both ship with PostgreSQL's contrib package.
CREATE EXTENSION IF NOT EXISTS citext;   -- case-insensitive e-mail addresses
CREATE EXTENSION IF NOT EXISTS pgcrypto; -- crypt() for password hashes
