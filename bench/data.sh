# The data parts of the benchmark: db:backup against pg_dump, db:restore against pg_restore, and
# db:validate against squawk. Sourced by bench/run.sh (`--only dataset,backup,restore,validate`);
# expects its variables (OUT, MVN, PROJECT, RUNS_DATA, HERE) and bench/lib.sh.

DATA=$OUT/data
DATA_DB=bench_data
DATASET_MIGRATIONS=$HERE/dataset/migrations
DATA_TABLES="pgbench_accounts pgbench_branches pgbench_tellers pgbench_history users events"

psql_args() { echo "-h $PG_HOST -p $PG_PORT -U $PG_USER"; }

# "rows per table" of a database, one line, for checking a restore against the source.
table_rows() {
  local db=$1 t sql=""
  for t in $DATA_TABLES; do
    sql="$sql${sql:+ || ' ' || }'$t=' || (SELECT count(*) FROM $t)"
  done
  psql_db "$db" -tA -c "SELECT $sql" 2>/dev/null || echo "none"
}

# The dataset of the backup issue, made by pgkeeper's own migrate (so the archive holds a history
# to rebuild the schema from) and filled by SQL alone: about 860 MB as COPY text.
bench_dataset() {
  if psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DATA_DB'" | grep -q 1 &&
    [[ $(psql_db "$DATA_DB" -tA -c 'SELECT count(*) FROM events' 2>/dev/null) == 3000000 ]]; then
    log "dataset: $DATA_DB is already there"
  else
    log "dataset: creating $DATA_DB (pgbench scale 30, 300k users, 3M events)"
    fresh_db "$DATA_DB"
    # shellcheck disable=SC2046
    (cd "$PROJECT" && "${MVN[@]}" db:migrate $(pgkeeper_args "$DATA_DB" "$DATASET_MIGRATIONS")) \
      >"$LOGS/dataset-migrate.log" 2>&1 || die "dataset: db:migrate failed (see $LOGS/dataset-migrate.log)"
    psql_db "$DATA_DB" -f "$HERE/dataset/load.sql" >"$LOGS/dataset-load.log" 2>&1 ||
      die "dataset: load.sql failed (see $LOGS/dataset-load.log)"
    psql_db "$DATA_DB" -c 'VACUUM (FREEZE, ANALYZE)' >/dev/null
  fi
  mkdir -p "$DATA"
  DATA_ROWS=$(table_rows "$DATA_DB")
  local bytes=0 t n
  for t in $DATA_TABLES; do
    n=$(psql_db "$DATA_DB" -c "COPY $t TO STDOUT" | wc -c)
    bytes=$((bytes + n))
  done
  DATA_COPY_BYTES=$bytes
  {
    echo "dataset: $DATA_ROWS"
    echo "dataset COPY text: $DATA_COPY_BYTES bytes"
    echo "dataset database size: $(psql_admin -tA -c "SELECT pg_size_pretty(pg_database_size('$DATA_DB'))")"
  } | tee -a "$OUT/machine.txt" >&2
}

# The floor: every table's COPY TO STDOUT into /dev/null, one after the other, by psql. A script of
# its own, so that `timed` can run it like any other command.
write_copy_floor() {
  local t
  {
    echo "set -e"
    for t in $DATA_TABLES; do
      echo "psql -X -q -v ON_ERROR_STOP=1 $(psql_args) -d $DATA_DB -c 'COPY $t TO STDOUT' >/dev/null"
    done
  } >"$DATA/copy-floor.sh"
}

record_size() { # LABEL PATH
  echo "size,$1,$(du -sb "$2" | cut -f1)" >>"$OUT/sizes.csv"
}

# shellcheck disable=SC2046
bench_backup() {
  log "backup: $RUNS_DATA rounds of pgkeeper db:backup / pg_dump -Fc / pg_dump -Fd -j2 / COPY floor"
  local i
  write_copy_floor
  for ((i = 1; i <= RUNS_DATA; i++)); do
    rm -rf "$DATA/pgkeeper.tar" "$DATA/dump.fc" "$DATA/dump.dir"
    timed backup 0 A pgkeeper backup "$i" - - -- "${MVN[@]}" db:backup \
      $(pgkeeper_args "$DATA_DB" "$DATASET_MIGRATIONS") -Ddb.backup.file="$DATA/pgkeeper.tar"
    [[ $LAST_RC -eq 0 ]] && record_size "pgkeeper db:backup (zstd)" "$DATA/pgkeeper.tar"
    timed backup 0 B pg_dump custom "$i" - - -- pg_dump -Fc $(psql_args) -d "$DATA_DB" -f "$DATA/dump.fc"
    [[ $LAST_RC -eq 0 ]] && record_size "pg_dump -Fc" "$DATA/dump.fc"
    timed backup 0 C pg_dump directory-j2 "$i" - - -- pg_dump -Fd -j2 $(psql_args) -d "$DATA_DB" -f "$DATA/dump.dir"
    [[ $LAST_RC -eq 0 ]] && record_size "pg_dump -Fd -j2" "$DATA/dump.dir"
    timed backup 0 floor psql copy-to-devnull "$i" - - -- bash "$DATA/copy-floor.sh"
  done
  timed backup 0 A pgkeeper verify-backup 1 - - -- "${MVN[@]}" db:verify-backup -Ddb.file="$DATA/pgkeeper.tar"
}

# Each restore goes into a new, empty database (created untimed): pgkeeper rebuilds the schema
# from the migrations stored in its archive, pg_restore from the dump's DDL. Both end with the
# same tables, rows, indexes and constraints; the row counts are checked after every run.
# shellcheck disable=SC2046
bench_restore() {
  [[ -f $DATA/pgkeeper.tar && -f $DATA/dump.fc ]] || die "restore: run the backup part first"
  log "restore: $RUNS_DATA rounds of pgkeeper db:restore / pg_restore --single-transaction / pg_restore -j2"
  local i db
  for ((i = 1; i <= RUNS_DATA; i++)); do
    db=restore_pgk_$i
    fresh_db "$db"
    timed restore 0 A pgkeeper restore "$i" - - -- "${MVN[@]}" db:restore \
      $(pgkeeper_args "$db" "$DATASET_MIGRATIONS") -Ddb.file="$DATA/pgkeeper.tar"
    check_restore "$db"
    drop_db "$db"
    db=restore_pgr_$i
    fresh_db "$db"
    timed restore 0 B pg_restore single-transaction "$i" - - -- pg_restore --single-transaction \
      $(psql_args) -d "$db" "$DATA/dump.fc"
    check_restore "$db"
    drop_db "$db"
    db=restore_pgr2_$i
    fresh_db "$db"
    timed restore 0 C pg_restore j2 "$i" - - -- pg_restore -j2 $(psql_args) -d "$db" "$DATA/dump.fc"
    check_restore "$db"
    drop_db "$db"
  done
}

check_restore() {
  local got
  got=$(table_rows "$1")
  if [[ $got != "$DATA_ROWS" ]]; then
    log "  WARNING: $1 after restore has $got, the source $DATA_ROWS"
    echo "restore-check,$1,$got" >>"$OUT/sizes.csv"
  fi
}

# A single migration file of about 5 MB (about 60,000 statements of the kinds migrations hold),
# and the 500-file set of the migration part.
gen_big_sql() {
  local file=$1 i
  [[ -f $file ]] && return
  awk 'BEGIN {
    for (i = 1; i <= 6000; i++) {
      printf "-- Table %d of the generated schema.\n", i
      printf "CREATE TABLE IF NOT EXISTS big_%d (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n", i
      printf "CREATE INDEX IF NOT EXISTS big_%d_name_idx ON big_%d (name);\n", i, i
      printf "ALTER TABLE big_%d ADD COLUMN IF NOT EXISTS note text;\n", i
      printf "COMMENT ON TABLE big_%d IS %c%s%c;\n", i, 39, "it''s table " i, 39
      printf "INSERT INTO big_%d (name) VALUES (%cone%c), (%ctwo%c) ON CONFLICT DO NOTHING;\n", i, 39, 39, 39, 39
      printf "UPDATE big_%d SET note = %cx; y%c WHERE name = %cone%c;\n", i, 39, 39, 39, 39
      printf "DROP INDEX IF EXISTS big_%d_old_idx;\n", i
      printf "ALTER TABLE big_%d ENABLE ROW LEVEL SECURITY;\n", i
      printf "DROP POLICY IF EXISTS big_%d_read ON big_%d;\n", i, i
      printf "CREATE POLICY big_%d_read ON big_%d FOR SELECT USING (true);\n", i, i
    }
  }' >"$file"
}

# squawk 2.x from the npm registry, into the bench folder (not the project); empty if it cannot
# be installed here.
squawk_bin() {
  local dir=$OUT/npm
  if [[ ! -x $dir/node_modules/.bin/squawk ]]; then
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-audit --no-fund squawk-cli@2 >"$LOGS/squawk-install.log" 2>&1) || true
  fi
  if [[ -x $dir/node_modules/.bin/squawk ]] && "$dir/node_modules/.bin/squawk" --version >/dev/null 2>&1; then
    echo "$dir/node_modules/.bin/squawk"
  fi
}

# squawk exits 1 when it reports violations, as validate fails the build on findings; both are
# run so that they report and do not fail (failOn=never for pgkeeper), and both exit codes 0/1
# count as a run.
# shellcheck disable=SC2046
bench_validate() {
  local big=$DATA/validate-5mb i squawk
  mkdir -p "$big"
  gen_big_sql "$big/001_big.sql"
  echo "validate input: $(du -b "$big/001_big.sql" | cut -f1) bytes, $(grep -c ';$' "$big/001_big.sql") statements in one file" >>"$OUT/machine.txt"
  squawk=$(squawk_bin)
  [[ -n $squawk ]] && echo "squawk: $("$squawk" --version 2>&1 | head -n 1)" >>"$OUT/machine.txt"
  log "validate: $RUNS_DATA rounds, 5 MB file and the 500-file set${squawk:+, against squawk}"
  for ((i = 1; i <= RUNS_DATA; i++)); do
    timed validate 1 base maven validate "$i" - - -- "${MVN[@]}" validate
    timed validate 1 A pgkeeper validate "$i" - - -- "${MVN[@]}" db:validate \
      -Ddb.locations="$big" -Ddb.validate.failOn=never
    if [[ -n $squawk ]]; then
      timed validate 1 B squawk check "$i" - - -- bash -c "'$squawk' '$big/001_big.sql' >/dev/null; [[ \$? -le 1 ]]"
    fi
    timed validate 500 base maven validate "$i" - - -- "${MVN[@]}" validate
    timed validate 500 A pgkeeper validate "$i" - - -- "${MVN[@]}" db:validate \
      -Ddb.locations="$MIG500" -Ddb.validate.failOn=never
    if [[ -n $squawk ]]; then
      timed validate 500 B squawk check "$i" - - -- bash -c "'$squawk' '$MIG500'/*.sql >/dev/null; [[ \$? -le 1 ]]"
    fi
  done
}
