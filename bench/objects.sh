# The objects part of the benchmark (`--only objects`): many small tables rather than many rows,
# on a server with PostgreSQL's default settings (max_locks_per_transaction = 64,
# max_connections = 100), as issue 15 measured them. Each table has a bigint primary key, a text,
# an integer and a timestamptz column, a secondary index and 20 rows; the migrations create 500
# tables per file. For each size: db:migrate, db:status, db:diff (against an empty shadow database
# on the same server), then rounds of db:backup / pg_dump -Fc, and of restores into an empty
# database: db:restore / pg_restore --single-transaction / pg_restore (not atomic), each checked
# for the same tables and rows. Sourced by bench/run.sh; expects its variables and bench/lib.sh.

OBJECTS_SIZES=${OBJECTS_SIZES:-2000 5000}

gen_objects() { # DIR TABLES
  local dir=$1 n=$2
  [[ -f $dir/.complete && $(cat "$dir/.complete") == "$n" ]] && return
  rm -rf "$dir"
  mkdir -p "$dir"
  awk -v n="$n" -v dir="$dir" 'BEGIN {
    q = sprintf("%c", 39)
    for (i = 1; i <= n; i++) {
      f = int((i - 1) / 500) + 1
      file = sprintf("%s/V%d__tables_%d.sql", dir, f, f)
      printf "CREATE TABLE item_%d (id bigint PRIMARY KEY, name text NOT NULL, qty integer NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());\n", i >> file
      printf "CREATE INDEX item_%d_qty ON item_%d (qty);\n", i, i >> file
      printf "INSERT INTO item_%d (id, name, qty) SELECT g, %sitem %d/%s || g, g %% 7 FROM generate_series(1, 20) g;\n", i, q, i, q >> file
    }
  }'
  echo "$n" >"$dir/.complete"
}

# "tables/rows" of the item_<n> tables of a database, or "none". Counted 500 tables per query:
# one query over all of them would lock more tables than the default lock table holds.
objects_count() {
  local db=$1 tables rows=0 chunk n
  tables=$(psql_db "$db" -tA -c "SELECT c.oid::regclass FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        AND c.relname ~ '^item_[0-9]+\$'" 2>/dev/null) || { echo none; return; }
  [[ -n $tables ]] || { echo "0/0"; return; }
  while read -r chunk; do
    n=$(psql_db "$db" -tA -c "SELECT $chunk" 2>/dev/null) || { echo none; return; }
    rows=$((rows + n))
  done < <(echo "$tables" | awk '{ q = q (q == "" ? "" : " + ") "(SELECT count(*) FROM " $1 ")" }
      NR % 500 == 0 { print q; q = "" } END { if (q != "") print q }')
  echo "$(echo "$tables" | wc -l)/$rows"
}

objects_check() { # DB LABEL EXPECTED
  local got
  got=$(objects_count "$1")
  echo "objects-check,$2,$got,$3" >>"$OUT/sizes.csv"
  [[ $got == "$3" ]] || log "  WARNING: $1 holds $got tables/rows, the source $3"
}

# shellcheck disable=SC2046
bench_objects() {
  log "objects: restarting the server with PostgreSQL's default settings"
  stop_server
  PG_SERVER_SETTINGS=""
  start_server
  echo "objects part: server restarted with initdb defaults ($(psql_admin -tA -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('max_locks_per_transaction', 'max_connections', 'max_prepared_transactions')"))" |
    tee -a "$OUT/machine.txt" >&2
  local n i dir src expected db shadow
  for n in $OBJECTS_SIZES; do
    dir=$OUT/migrations/objects-$n
    src=objects_$n
    gen_objects "$dir" "$n"
    fresh_db "$src"
    log "objects: $n tables"
    timed objects "$n" A pgkeeper migrate 1 - - -- "${MVN[@]}" db:migrate $(pgkeeper_args "$src" "$dir")
    [[ $LAST_RC -eq 0 ]] || die "objects: db:migrate of $n tables failed"
    psql_db "$src" -c 'VACUUM (FREEZE, ANALYZE)' >/dev/null
    expected=$(objects_count "$src")
    echo "objects dataset $n: $expected tables/rows, $(psql_db "$src" -tA -c "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") relations in public, $(psql_db "$src" -tA -c "SELECT pg_size_pretty(pg_database_size(current_database()))")" |
      tee -a "$OUT/machine.txt" >&2
    timed objects "$n" A pgkeeper status 1 - - -- "${MVN[@]}" db:status $(pgkeeper_args "$src" "$dir")
    shadow=objects_shadow_$n
    fresh_db "$shadow"
    timed objects "$n" A pgkeeper diff 1 - - -- "${MVN[@]}" db:diff $(pgkeeper_args "$src" "$dir") \
      -Ddb.diff.shadowUrl="postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$shadow" -Ddb.diff.failOnDrift=true
    drop_db "$shadow"
    for ((i = 1; i <= RUNS_DATA; i++)); do
      rm -f "$DATA/objects.tar" "$DATA/objects.fc"
      timed objects "$n" base maven validate "$i" - - -- "${MVN[@]}" validate
      timed objects "$n" A pgkeeper backup "$i" - - -- "${MVN[@]}" db:backup \
        $(pgkeeper_args "$src" "$dir") -Ddb.backup.file="$DATA/objects.tar"
      [[ $LAST_RC -eq 0 ]] || die "objects: db:backup of $n tables failed"
      timed objects "$n" B pg_dump custom "$i" - - -- pg_dump -Fc $(psql_args) -d "$src" \
        -f "$DATA/objects.fc"
      db=objects_pgk_$i
      fresh_db "$db"
      timed objects "$n" A pgkeeper restore "$i" - - -- "${MVN[@]}" db:restore \
        $(pgkeeper_args "$db" "$dir") -Ddb.file="$DATA/objects.tar"
      [[ $i -eq 1 ]] && objects_check "$db" "pgkeeper-$n" "$expected"
      drop_db "$db"
      db=objects_pgr1_$i
      fresh_db "$db"
      timed objects "$n" B pg_restore single-transaction "$i" - - -- pg_restore --single-transaction \
        $(psql_args) -d "$db" "$DATA/objects.fc"
      drop_db "$db"
      db=objects_pgr_$i
      fresh_db "$db"
      timed objects "$n" C pg_restore plain "$i" - - -- pg_restore $(psql_args) -d "$db" "$DATA/objects.fc"
      [[ $i -eq 1 ]] && objects_check "$db" "pg_restore-$n" "$expected"
      drop_db "$db"
    done
    record_size "pgkeeper db:backup $n objects" "$DATA/objects.tar"
    record_size "pg_dump -Fc $n objects" "$DATA/objects.fc"
    drop_db "$src"
  done
}
