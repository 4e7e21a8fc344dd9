-- The tables of `pgbench -i` (PostgreSQL 15), created as pgbench creates them.
CREATE TABLE pgbench_accounts (
  aid integer NOT NULL PRIMARY KEY,
  bid integer,
  abalance integer,
  filler character(84)
) WITH (fillfactor = 100);

CREATE TABLE pgbench_branches (
  bid integer NOT NULL PRIMARY KEY,
  bbalance integer,
  filler character(88)
) WITH (fillfactor = 100);

CREATE TABLE pgbench_tellers (
  tid integer NOT NULL PRIMARY KEY,
  bid integer,
  tbalance integer,
  filler character(84)
) WITH (fillfactor = 100);

CREATE TABLE pgbench_history (
  tid integer,
  bid integer,
  aid integer,
  delta integer,
  mtime timestamp without time zone,
  filler character(22)
);
