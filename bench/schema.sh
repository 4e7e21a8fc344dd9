# The schema part of the benchmark (`--only schema`): a database of 1,000 small tables with
# identity keys, foreign keys, indexes, CHECK constraints, defaults, row-level security policies,
# triggers, comments and functions, made by SQL alone (drift: no migration creates it), with a few
# rows per table. db:backup must snapshot it quickly, and db:restore into an empty database must
# recreate it from the archive no slower than pg_restore recreates the same schema. After every
# restore, `pg_dump --schema-only` of the restored database is compared with the source's.
# Sourced by bench/run.sh; expects its variables and bench/lib.sh.

SCHEMA_DB=bench_schema
SCHEMA_TABLES=${SCHEMA_TABLES:-1000}

gen_schema_sql() { # FILE TABLES
  awk -v n="$2" 'BEGIN {
    q = sprintf("%c", 39)
    print "CREATE TYPE status AS ENUM (" q "new" q ", " q "paid" q ", " q "shipped" q ");"
    print "CREATE DOMAIN money_amount AS numeric(12, 2) CHECK (VALUE >= 0);"
    for (f = 1; f <= 20; f++) {
      printf "CREATE FUNCTION label_%d(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) || %s-%d%s $$;\n", f, q, f, q
    }
    print "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;"
    for (i = 1; i <= n; i++) {
      printf "CREATE TABLE t_%d (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n", i
      if (i > 1) printf "  parent_id bigint REFERENCES t_%d,\n", i - 1
      printf "  name text NOT NULL CHECK (name <> %s%s),\n  amount money_amount,\n  state status NOT NULL DEFAULT %snew%s,\n  updated_at timestamptz DEFAULT now()\n);\n", q, q, q, q
      printf "CREATE INDEX t_%d_name ON t_%d (label_%d(name));\n", i, i, 1 + i % 20
      printf "ALTER TABLE t_%d ENABLE ROW LEVEL SECURITY;\n", i
      printf "CREATE POLICY t_%d_read ON t_%d FOR SELECT USING (state <> %sshipped%s);\n", i, i, q, q
      if (i % 10 == 0) printf "CREATE TRIGGER t_%d_touch BEFORE UPDATE ON t_%d FOR EACH ROW EXECUTE FUNCTION touch();\n", i, i
      printf "COMMENT ON TABLE t_%d IS %stable %d%s;\n", i, q, i, q
      printf "INSERT INTO t_%d (name, amount) VALUES (%sa%s, 1.50), (%sb%s, 2), (%sc%s, NULL);\n", i, q, q, q, q, q, q
    }
  }' >"$1"
}

# pg_dump --schema-only of a database, without the lines that differ between any two dumps.
schema_dump() {
  pg_dump --schema-only $(psql_args) -d "$1" 2>/dev/null |
    grep -v -e '^-- Dumped' -e '^-- Started' -e '^-- Completed' -e '^\\restrict' -e '^\\unrestrict'
}

bench_schema_dataset() {
  local sql=$DATA/schema-$SCHEMA_TABLES.sql
  mkdir -p "$DATA" "$DATA/no-migrations"
  gen_schema_sql "$sql" "$SCHEMA_TABLES"
  log "schema: creating $SCHEMA_DB ($SCHEMA_TABLES tables, by SQL alone)"
  fresh_db "$SCHEMA_DB"
  psql_db "$SCHEMA_DB" -1 -f "$sql" >"$LOGS/schema-create.log" 2>&1 ||
    die "schema: creating the database failed (see $LOGS/schema-create.log)"
  psql_db "$SCHEMA_DB" -c 'VACUUM (FREEZE, ANALYZE)' >/dev/null
  schema_dump "$SCHEMA_DB" >"$DATA/schema-source.sql"
  echo "schema dataset: $SCHEMA_TABLES tables, $(psql_db "$SCHEMA_DB" -tA -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'") relations in public, pg_dump --schema-only $(wc -c <"$DATA/schema-source.sql") bytes" |
    tee -a "$OUT/machine.txt" >&2
}

# Whether a restored database's schema dump is the source's: "same", or the count of lines that
# differ (the diff is kept in the logs).
schema_check() { # DB LABEL
  local db=$1 label=$2 lines
  schema_dump "$db" >"$DATA/schema-$label.sql"
  if diff "$DATA/schema-source.sql" "$DATA/schema-$label.sql" >"$LOGS/schema-diff-$label.txt"; then
    echo "schema-check,$label,same" >>"$OUT/sizes.csv"
  else
    lines=$(grep -c '^[<>]' "$LOGS/schema-diff-$label.txt" || true)
    log "  WARNING: pg_dump --schema-only of $db differs from the source's in $lines lines ($LOGS/schema-diff-$label.txt)"
    echo "schema-check,$label,$lines lines differ" >>"$OUT/sizes.csv"
  fi
}

# shellcheck disable=SC2046
bench_schema() {
  bench_schema_dataset
  local i db none=$DATA/no-migrations
  log "schema: $RUNS_DATA rounds of backup (db:backup / pg_dump -Fc) and restore (db:restore / pg_restore -1 / pg_restore)"
  for ((i = 1; i <= RUNS_DATA; i++)); do
    rm -f "$DATA/schema.tar" "$DATA/schema.fc"
    timed schema "$SCHEMA_TABLES" base maven validate "$i" - - -- "${MVN[@]}" validate
    timed schema "$SCHEMA_TABLES" A pgkeeper backup "$i" - - -- "${MVN[@]}" db:backup \
      $(pgkeeper_args "$SCHEMA_DB" "$none") -Ddb.backup.file="$DATA/schema.tar"
    timed schema "$SCHEMA_TABLES" B pg_dump custom "$i" - - -- pg_dump -Fc $(psql_args) \
      -d "$SCHEMA_DB" -f "$DATA/schema.fc"
    # The schema alone: no rows (excludeData) against pg_dump --schema-only.
    rm -f "$DATA/schema-only.tar" "$DATA/schema-only.fc"
    timed schema "$SCHEMA_TABLES" A pgkeeper backup-schema-only "$i" - - -- "${MVN[@]}" db:backup \
      $(pgkeeper_args "$SCHEMA_DB" "$none") -Ddb.backup.file="$DATA/schema-only.tar" \
      '-Ddb.backup.excludeData=*'
    timed schema "$SCHEMA_TABLES" B pg_dump schema-only "$i" - - -- pg_dump -Fc --schema-only \
      $(psql_args) -d "$SCHEMA_DB" -f "$DATA/schema-only.fc"
    db=schema_only_pgk_$i
    fresh_db "$db"
    timed schema "$SCHEMA_TABLES" A pgkeeper restore-schema-only "$i" - - -- "${MVN[@]}" db:restore \
      $(pgkeeper_args "$db" "$none") -Ddb.file="$DATA/schema-only.tar" -Ddb.restore.analyze=false
    drop_db "$db"
    db=schema_only_pgr_$i
    fresh_db "$db"
    timed schema "$SCHEMA_TABLES" B pg_restore schema-only "$i" - - -- pg_restore --single-transaction \
      $(psql_args) -d "$db" "$DATA/schema-only.fc"
    drop_db "$db"
    db=schema_pgk_$i
    fresh_db "$db"
    timed schema "$SCHEMA_TABLES" A pgkeeper restore "$i" - - -- "${MVN[@]}" db:restore \
      $(pgkeeper_args "$db" "$none") -Ddb.file="$DATA/schema.tar"
    [[ $i -eq 1 ]] && schema_check "$db" pgkeeper
    drop_db "$db"
    db=schema_pgr_$i
    fresh_db "$db"
    timed schema "$SCHEMA_TABLES" B pg_restore single-transaction "$i" - - -- pg_restore \
      --single-transaction $(psql_args) -d "$db" "$DATA/schema.fc"
    [[ $i -eq 1 ]] && schema_check "$db" pg_restore
    drop_db "$db"
    db=schema_pgr2_$i
    fresh_db "$db"
    timed schema "$SCHEMA_TABLES" C pg_restore plain "$i" - - -- pg_restore $(psql_args) -d "$db" \
      "$DATA/schema.fc"
    drop_db "$db"
  done
  record_size "pgkeeper db:backup $SCHEMA_TABLES tables" "$DATA/schema.tar"
  record_size "pg_dump -Fc $SCHEMA_TABLES tables" "$DATA/schema.fc"
}
