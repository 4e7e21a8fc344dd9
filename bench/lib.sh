# Functions of the benchmark harness; sourced by bench/run.sh (and handy to source by hand when
# poking at one measurement). Everything here expects `set -euo pipefail` and the variables that
# run.sh sets: OUT, CSV, LOGS, CAP, PGKEEPER_VERSION, FLYWAY_VERSION.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- PostgreSQL server

PG_PASSWORD=bench-secret
PG_USER=postgres
PG_HOST=127.0.0.1

# Runs a command as the server's owner: as root, the postgres user (created if missing); as
# anyone else, that user.
as_pg_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if [[ -z $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found"
}

# Where the cluster's data goes: tmpfs (/dev/shm) when it has room, else /tmp. On this project's
# machines / is ext4 mounted with online discard: after a round's databases (thousands of files)
# are dropped, the next round's CREATE TABLEs cost the server 3-4x the CPU for a minute or so,
# which made timings bimodal. The disk is not what is being compared, so it is taken out.
# BENCH_PG_PARENT=/some/folder overrides.
pg_parent() {
  if [[ -n ${BENCH_PG_PARENT:-} ]]; then
    echo "$BENCH_PG_PARENT"
  elif [[ -d /dev/shm && -w /dev/shm && $(df -Pk /dev/shm | awk 'NR == 2 { print $4 }') -gt 4000000 ]]; then
    echo /dev/shm
  else
    echo /tmp
  fi
}

# Starts a throwaway cluster in a temporary folder: 127.0.0.1 only, password (SCRAM) over TCP,
# fsync=off (a benchmark database need not survive a power cut; both tools get the same server).
PG_SERVER_SETTINGS=${PG_SERVER_SETTINGS--c max_locks_per_transaction=256 -c max_connections=50}

start_server() {
  PG_BIN=$(pg_config --bindir)
  [[ -x $PG_BIN/initdb ]] || die "no initdb in $PG_BIN (pg_config --bindir)"
  PG_OWNER=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then
    PG_OWNER=postgres
    if ! id -u "$PG_OWNER" >/dev/null 2>&1; then
      log "creating system user $PG_OWNER to run the server (initdb refuses root)"
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OWNER"
    fi
  fi
  PG_ROOT=$(mktemp -d "$(pg_parent)/pgkeeper-bench.XXXXXX")
  PG_FILESYSTEM=$(df -PT "$PG_ROOT" | awk 'NR == 2 { print $2 }')
  chmod 700 "$PG_ROOT"
  printf '%s\n' "$PG_PASSWORD" >"$PG_ROOT/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R "$PG_OWNER" "$PG_ROOT"
  PG_PORT=$(free_port)
  as_pg_owner "$PG_BIN/initdb" -D "$PG_ROOT/data" -U "$PG_USER" --pwfile="$PG_ROOT/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$PG_ROOT/initdb.log" 2>&1 ||
    { cat "$PG_ROOT/initdb.log" >&2; die "initdb failed"; }
  # PG_SERVER_SETTINGS: by default max_locks_per_transaction=256 (psql -1 over 500 files takes
  # ~2,000 locks in one transaction); the objects part restarts the server with the defaults.
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=$PG_HOST -c unix_socket_directories=$PG_ROOT \
        -c fsync=off $PG_SERVER_SETTINGS" >/dev/null ||
    { cat "$PG_ROOT/server.log" >&2; die "the server did not start"; }
  SERVER_STARTED=1
  export PGPASSWORD=$PG_PASSWORD
  PG_SERVER_VERSION=$(psql_admin -tA -c 'SELECT version()')
  log "PostgreSQL up on $PG_HOST:$PG_PORT (data in $PG_ROOT on $PG_FILESYSTEM, fsync=off): $PG_SERVER_VERSION"
}

stop_server() {
  if [[ ${SERVER_STARTED:-0} -eq 1 ]]; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
    SERVER_STARTED=0
  fi
  if [[ -n ${PG_ROOT:-} && -d $PG_ROOT && ${BENCH_KEEP_SERVER_DIR:-0} != 1 ]]; then
    rm -rf "$PG_ROOT"
  fi
}

# psql against the maintenance database, as the bench user, over TCP like the tools.
psql_admin() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

psql_db() {
  local db=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

fresh_db() {
  psql_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
}

drop_db() {
  psql_admin -c "DROP DATABASE IF EXISTS $1" >/dev/null
}

jdbc_url() { echo "jdbc:postgresql://$PG_HOST:$PG_PORT/$1"; }

# "tables/history-rows" of a database: the t<n> tables and the successful history rows of a tool.
applied_counts() {
  local db=$1 tool=$2 history
  case $tool in
    pgkeeper) history="SELECT count(*) FROM public.pgkeeper_history WHERE success" ;;
    flyway) history="SELECT count(*) FROM public.flyway_schema_history WHERE success AND version IS NOT NULL" ;;
    psql) history="SELECT 0" ;;
  esac
  psql_db "$db" -tA -c "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
      AND tablename ~ '^t[0-9]+\$') || '/' || ($history)" 2>/dev/null || echo "none"
}

# ---------------------------------------------------------------- migration files

# gen_migrations DIR N: V1__create_t1.sql ... VN__create_tN.sql (names both tools accept), each a
# CREATE TABLE, a CREATE INDEX and an INSERT of three rows; and DIR.all.sql, all of them in order.
gen_migrations() {
  local dir=$1 n=$2 i
  if [[ -f $dir/.complete && $(cat "$dir/.complete") == "$n" ]]; then
    return
  fi
  rm -rf "$dir" "$dir.all.sql"
  mkdir -p "$dir"
  local sql
  : >"$dir.all.sql"
  for ((i = 1; i <= n; i++)); do
    sql="-- Benchmark migration $i.
CREATE TABLE t$i (
  id integer PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t${i}_name_idx ON t$i (name);
INSERT INTO t$i (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three');
"
    printf '%s' "$sql" >"$dir/V${i}__create_t$i.sql"
    printf '%s' "$sql" >>"$dir.all.sql"
  done
  echo "$n" >"$dir/.complete"
}

# ---------------------------------------------------------------- the tools

# Timed runs: batch mode, quiet, offline (the warm-up resolved everything), and the bench's own
# local repository when run.sh made one (BENCH_REPO), so that a concurrent `mvn install` of the
# plugin cannot swap the jar under a run.
MVN=(mvn -B -q -o ${BENCH_REPO:+-Dmaven.repo.local=$BENCH_REPO})

# The connection and migrations arguments of each tool (word-split by the caller: no spaces).
pgkeeper_args() { # DB DIR
  echo "-Ddb.url=$(jdbc_url "$1") -Ddb.user=$PG_USER -Ddb.password=$PG_PASSWORD -Ddb.locations=$2"
}
flyway_args() { # DB DIR
  echo "-Dflyway.url=$(jdbc_url "$1") -Dflyway.user=$PG_USER -Dflyway.password=$PG_PASSWORD -Dflyway.locations=filesystem:$2"
}

# ---------------------------------------------------------------- timing

CSV_HEADER="case,files,side,tool,command,run,wall_ms,cpu_ms,peak_rss_kb,exit,check,load1,other_java,server_cpu_ms,other_cpu_ms"

server_children() {
  local pm
  pm=$(head -n 1 "$PG_ROOT/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  pgrep -c -P "$pm" || true
}

# CPU time, in jiffies (1/100 s): of the whole machine (busy, not idle), and of our server (the
# postmaster, the children it reaped, and its live children).
machine_busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
server_jiffies() {
  local pm total=0 pid
  pm=$(head -n 1 "$PG_ROOT/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat" 2>/dev/null || echo 0)
  for pid in $(pgrep -P "$pm"); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Another build on a 2-core machine distorts timings. Before each timed command, wait up to
# $IDLE_WAIT seconds until no other JVM runs and the machine is under 25% busy over half a second.
# The CSV records what was left (other_java), and the CPU used outside the command and our server
# while it ran (other_cpu_ms), so a disturbed run can be seen.
wait_for_idle() {
  local waited=0 b0 b1 said=0
  while [[ $waited -lt $IDLE_WAIT ]]; do
    b0=$(machine_busy_jiffies)
    sleep 0.5
    b1=$(machine_busy_jiffies)
    # 2 cores x 0.5 s = 100 jiffies; 25% busy = 25.
    if ! pgrep -x java >/dev/null && [[ $((b1 - b0)) -lt $(($(nproc) * 50 / 4)) ]]; then
      return
    fi
    if [[ $said -eq 0 ]]; then
      log "  waiting up to ${IDLE_WAIT}s for the machine to be idle (other JVMs: $(pgrep -x java | tr '\n' ' ')busy $((b1 - b0))/$(($(nproc) * 50)) jiffies)"
      said=1
    fi
    sleep 1.5
    waited=$((waited + 2))
  done
}

# timed CASE FILES SIDE TOOL COMMAND RUN CHECK_DB CHECK_TOOL -- argv...
# Runs argv in the bench project with a cap of $CAP seconds and records one CSV row: wall time
# (ms), CPU time (user+sys, ms), peak RSS (KiB, of the largest process: the Maven JVM or psql, not
# the server), the exit status, and a check of the database afterwards when CHECK_DB is not "-"
# ("tables/history rows"). Sets LAST_MS, LAST_RC and LAST_CHECK.
timed() {
  local case=$1 files=$2 side=$3 tool=$4 command=$5 run=$6 check_db=$7 check_tool=$8
  shift 9
  local slug="${case}_${tool}_${command//[^a-zA-Z0-9]/-}_$run"
  local logfile="$LOGS/$slug.log" rssfile="$LOGS/$slug.rss"
  local t0 t1 rc load others busy0 busy1 srv0 srv1
  wait_for_idle
  load=$(cut -d' ' -f1 /proc/loadavg)
  others=$(pgrep -cx java || true)
  local children0
  children0=$(server_children)
  busy0=$(machine_busy_jiffies)
  srv0=$(server_jiffies)
  t0=$(date +%s%N)
  set +e
  (cd "$PROJECT" && /usr/bin/time -f '%M %U %S' -o "$rssfile" timeout -k 10 "$CAP" "$@") >"$logfile" 2>&1
  rc=$?
  set -e
  t1=$(date +%s%N)
  # The command's sessions end as it exits; wait (at most 2 s, outside the wall time) until the
  # server has reaped their backends, so that their CPU is counted as the server's.
  local i
  for i in $(seq 1 20); do
    [[ $(server_children) -le $children0 ]] && break
    sleep 0.1
  done
  busy1=$(machine_busy_jiffies)
  srv1=$(server_jiffies)
  LAST_MS=$(((t1 - t0) / 1000000))
  LAST_RC=$rc
  local rss cpu
  read -r rss cpu < <(tail -n 1 "$rssfile" 2>/dev/null | awk 'NF == 3 { printf "%d %d\n", $1, ($2 + $3) * 1000 }') || true
  LAST_CHECK=-
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    LAST_CHECK="timeout>${CAP}s"
  elif [[ $check_db != - ]]; then
    LAST_CHECK=$(applied_counts "$check_db" "$check_tool")
  fi
  local server_ms=$(((srv1 - srv0) * 10)) other_ms
  other_ms=$(((busy1 - busy0) * 10 - ${cpu:-0} - server_ms))
  [[ $other_ms -ge 0 ]] || other_ms=0
  echo "$case,$files,$side,$tool,$command,$run,$LAST_MS,${cpu:-},${rss:-},$rc,$LAST_CHECK,$load,$others,$server_ms,$other_ms" >>"$CSV"
  log "  $case $tool $command #$run: ${LAST_MS} ms (cpu ${cpu:-?} ms, server cpu $server_ms ms, other cpu $other_ms ms, peak RSS ${rss:-?} KiB), exit $rc, check $LAST_CHECK"
  if [[ $rc -ne 0 && $rc -ne 124 && $rc -ne 137 ]]; then
    log "  (exit $rc; last lines of $logfile:)"
    tail -n 15 "$logfile" | sed 's/^/    /' >&2
  fi
  return 0
}
