#!/usr/bin/env bash
# Benchmark of pgkeeper's migration engine against flyway-maven-plugin 10.x, both run by Maven
# from the same generated project against the same throwaway PostgreSQL server.
#
#   bench/run.sh                      everything (about 8-10 minutes on 2 cores)
#   bench/run.sh --only 500           one part; a comma-separated list of: 500, curve, 10k, profile,
#                                     backup, restore, validate (the data parts; see bench/data.sh),
#                                     schema (1,000 tables; see bench/schema.sh), objects
#                                     (2,000 and 5,000 small tables on default server settings;
#                                     see bench/objects.sh)
#   bench/run.sh --runs 7 --runs-10k 5 --runs-data 3 --cap 300 --curve "1000 2000 4000"
#   bench/run.sh --shared-repo        use ~/.m2 itself instead of a copy of it (see below)
#
# Results: target/bench/results.csv (one row per timed command), target/bench/report.md (the
# markdown tables, also printed), target/bench/machine.txt, and every command's output under
# target/bench/logs/. Not part of `mvn verify`. See docs/BENCHMARKS.md for how to read it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

OUT=${BENCH_OUT:-$ROOT/target/bench}
ONLY=500,curve,10k,profile,backup,restore,validate,schema,objects
RUNS=5
RUNS_DATA=3
RUNS_10K=5
CURVE_SIZES="1000 2000 4000"
CAP=300
IDLE_WAIT=${BENCH_IDLE_WAIT:-120}
PRIVATE_REPO=1
PGKEEPER_VERSION=0.1.0-SNAPSHOT
FLYWAY_VERSION=10.22.0
PGJDBC_VERSION=42.7.8
HELP_VERSION=3.5.2

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --only) ONLY=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --runs-10k) RUNS_10K=$2; shift 2 ;;
    --runs-data) RUNS_DATA=$2; shift 2 ;;
    --curve) CURVE_SIZES=$2; shift 2 ;;
    --cap) CAP=$2; shift 2 ;;
    --idle-wait) IDLE_WAIT=$2; shift 2 ;;
    --flyway-version) FLYWAY_VERSION=$2; shift 2 ;;
    --shared-repo) PRIVATE_REPO=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
wants() { [[ ,$ONLY, == *,$1,* ]]; }

[[ $OUT != *[[:space:]]* ]] || die "the output folder must not contain spaces: $OUT"
PROJECT=$OUT/project
LOGS=$OUT/logs
CSV=$OUT/results.csv
# shellcheck source=bench/data.sh
source "$HERE/data.sh"
# shellcheck source=bench/schema.sh
source "$HERE/schema.sh"
# shellcheck source=bench/objects.sh
source "$HERE/objects.sh"

# ---------------------------------------------------------------- preflight

for tool in mvn java psql pg_config pg_dump pg_restore timeout ss; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing GNU time (for peak RSS)"
    apt-get update -qq && apt-get install -y -qq time >/dev/null
  else
    die "GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time"
  fi
fi
M2=$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null |
  sed 's/\x1b\[[0-9;]*m//g' || true)
[[ -d $M2 ]] || M2=$HOME/.m2/repository
PLUGIN_JAR=$M2/io/github/pgkeeper/db-maven-plugin/$PGKEEPER_VERSION/db-maven-plugin-$PGKEEPER_VERSION.jar
[[ -f $PLUGIN_JAR ]] ||
  die "pgkeeper $PGKEEPER_VERSION is not installed in $M2: run 'mvn -B -q install -DskipTests -Dinvoker.skip' first"

rm -rf "$LOGS" "$PROJECT"
mkdir -p "$OUT" "$LOGS" "$PROJECT"
echo "$CSV_HEADER" >"$CSV"
: >"$OUT/profile.md"
sed -e "s/@PGKEEPER_VERSION@/$PGKEEPER_VERSION/" -e "s/@FLYWAY_VERSION@/$FLYWAY_VERSION/" \
  -e "s/@PGJDBC_VERSION@/$PGJDBC_VERSION/" -e "s/@HELP_VERSION@/$HELP_VERSION/" \
  "$HERE/bench-pom.xml.in" >"$PROJECT/pom.xml"

plugin_sha() { sha256sum "$PLUGIN_JAR" | cut -c1-16; }

# By default every Maven run uses a copy of the local repository taken now, so that the pgkeeper
# jar measured is the same from the first run to the last even if someone runs `mvn install` on
# the plugin meanwhile. The copy is refreshed on every run of this script.
if [[ $PRIVATE_REPO -eq 1 ]]; then
  log "copying $M2 to $OUT/m2 (pins the pgkeeper jar for this run)"
  rm -rf "$OUT/m2"
  cp -a "$M2" "$OUT/m2"
  BENCH_REPO=$OUT/m2
  MVN=(mvn -B -q -o "-Dmaven.repo.local=$BENCH_REPO")
  PLUGIN_JAR=$BENCH_REPO/io/github/pgkeeper/db-maven-plugin/$PGKEEPER_VERSION/db-maven-plugin-$PGKEEPER_VERSION.jar
  unzip -tq "$PLUGIN_JAR" >/dev/null || die "the copied pgkeeper jar is damaged (copied mid-install?): run again"
fi
REPO_OPT=(${BENCH_REPO:+-Dmaven.repo.local=$BENCH_REPO})
PLUGIN_SHA_START=$(plugin_sha)
PLUGIN_BUILT=$(date -u -r "$PLUGIN_JAR" '+%Y-%m-%d %H:%M:%S UTC')
START_EPOCH=$(date +%s)

# The copy of the local repository is large (the whole ~/.m2); it goes when the run ends, unless
# BENCH_KEEP_REPO=1.
cleanup() {
  stop_server
  if [[ -n ${BENCH_REPO:-} && ${BENCH_KEEP_REPO:-0} != 1 ]]; then
    rm -rf "$BENCH_REPO"
  fi
}
trap cleanup EXIT
start_server
export PGOPTIONS='-c client_min_messages=warning'

{
  echo "date: $(date -u)"
  echo "command: bench/run.sh $*"
  echo "options: only=$ONLY runs=$RUNS runs_10k=$RUNS_10K curve='$CURVE_SIZES' cap=${CAP}s"
  echo "nproc: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "jdk: $(java -version 2>&1 | head -n 1)"
  echo "maven: $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
  echo "MAVEN_OPTS: ${MAVEN_OPTS:-(unset)}"
  echo "postgresql: $PG_SERVER_VERSION"
  echo "server: data directory on $PG_FILESYSTEM ($PG_ROOT), fsync=off, $PG_SERVER_SETTINGS (the objects part: initdb defaults), 127.0.0.1, scram-sha-256 over TCP, otherwise initdb defaults"
  echo "local repository: ${BENCH_REPO:-$M2}"
  echo "pgkeeper: $PGKEEPER_VERSION (jar sha256 $PLUGIN_SHA_START..., built $PLUGIN_BUILT), work tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')"
  echo "flyway: flyway-maven-plugin $FLYWAY_VERSION + flyway-database-postgresql $FLYWAY_VERSION"
  echo "jdbc driver: org.postgresql:postgresql $PGJDBC_VERSION (both tools)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

MIG500=$OUT/migrations/500
gen_migrations "$MIG500" 500

# ---------------------------------------------------------------- warm-up (online, untimed)

# Resolves every plugin and dependency once, online, so the timed runs (mvn -o) touch no network;
# leaves a Flyway-made history table in bench_warm_fw, used as the model for the 10k set-up.
log "warm-up: resolving both plugins online"
warm() {
  (cd "$PROJECT" && "$@") >>"$LOGS/warmup.log" 2>&1 || {
    tail -n 30 "$LOGS/warmup.log" >&2
    die "warm-up failed: $*"
  }
}
fresh_db bench_warm_pgk
fresh_db bench_warm_fw
warm mvn -B -q "${REPO_OPT[@]}" validate help:evaluate -Dexpression=project.version -DforceStdout
# shellcheck disable=SC2046
warm mvn -B -q "${REPO_OPT[@]}" db:migrate db:status $(pgkeeper_args bench_warm_pgk "$MIG500")
# shellcheck disable=SC2046
warm mvn -B -q "${REPO_OPT[@]}" flyway:migrate flyway:info flyway:validate $(flyway_args bench_warm_fw "$MIG500")
[[ $(applied_counts bench_warm_pgk pgkeeper) == 500/500 ]] || die "warm-up: pgkeeper did not apply 500"
[[ $(applied_counts bench_warm_fw flyway) == 500/500 ]] || die "warm-up: flyway did not apply 500"

# ---------------------------------------------------------------- 500 small migrations

# shellcheck disable=SC2046
bench_500() {
  log "500 migrations: $RUNS rounds of A (pgkeeper) / B (flyway)"
  local i p f s
  for ((i = 1; i <= RUNS; i++)); do
    p=b500_pgk_$i f=b500_fw_$i s=b500_psql_$i
    fresh_db "$p"
    fresh_db "$f"
    fresh_db "$s"
    timed 500 500 base maven validate "$i" - - -- "${MVN[@]}" validate
    timed 500 500 base maven help-evaluate "$i" - - -- "${MVN[@]}" help:evaluate \
      -Dexpression=project.version -DforceStdout
    timed 500 500 A pgkeeper migrate "$i" "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$MIG500")
    timed 500 500 B flyway migrate "$i" "$f" flyway -- "${MVN[@]}" flyway:migrate $(flyway_args "$f" "$MIG500")
    timed 500 500 A pgkeeper noop-migrate "$i" "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$MIG500")
    timed 500 500 B flyway noop-migrate "$i" "$f" flyway -- "${MVN[@]}" flyway:migrate $(flyway_args "$f" "$MIG500")
    timed 500 500 floor psql script "$i" "$s" psql -- psql -X -q -v ON_ERROR_STOP=1 -1 \
      -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$s" -f "$MIG500.all.sql"
    drop_db "$p"
    drop_db "$f"
    drop_db "$s"
  done
}

# ---------------------------------------------------------------- 1,000 / 2,000 / 4,000 (one run each)

# shellcheck disable=SC2046
bench_curve() {
  local n dir p f
  for n in $CURVE_SIZES; do
    log "curve: $n migrations (1 run each)"
    dir=$OUT/migrations/$n
    gen_migrations "$dir" "$n"
    p=c${n}_pgk f=c${n}_fw
    fresh_db "$p"
    fresh_db "$f"
    timed curve "$n" A pgkeeper migrate 1 "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$dir")
    timed curve "$n" B flyway migrate 1 "$f" flyway -- "${MVN[@]}" flyway:migrate $(flyway_args "$f" "$dir")
    local flyway_ok=$LAST_RC
    timed curve "$n" base maven validate 1 - - -- "${MVN[@]}" validate
    timed curve "$n" A pgkeeper status 1 - - -- "${MVN[@]}" db:status -Ddb.status.failOnPending=true $(pgkeeper_args "$p" "$dir")
    if [[ $flyway_ok -eq 0 ]]; then
      timed curve "$n" B flyway info 1 - - -- "${MVN[@]}" flyway:info $(flyway_args "$f" "$dir")
    fi
    timed curve "$n" A pgkeeper noop-migrate 1 "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$dir")
    if [[ $flyway_ok -eq 0 ]]; then
      timed curve "$n" B flyway noop-migrate 1 "$f" flyway -- "${MVN[@]}" flyway:migrate $(flyway_args "$f" "$dir")
      timed curve "$n" B flyway validate 1 - - -- "${MVN[@]}" flyway:validate $(flyway_args "$f" "$dir")
    fi
    drop_db "$p"
    drop_db "$f"
  done
}

# ---------------------------------------------------------------- 10,000 migrations

# Flyway's history for 10,000 scripts is written by bench/FlywayHistoryRows.java rather than by
# flyway:migrate, which needs many minutes for 10,000 scripts (see the curve). The rows are
# checked against the ones Flyway itself wrote in the warm-up, and every timed flyway:validate
# checks all 10,000 of them against the files.
setup_flyway_10k() {
  local dir=$1 source_db=$2 target_db=$3 try
  drop_db "$target_db"
  # The template must have no sessions; the one pgkeeper closed may take a moment to go away.
  for try in 1 2 3 4 5 6 7 8 9 10; do
    psql_admin -c "CREATE DATABASE $target_db TEMPLATE $source_db" >/dev/null 2>&1 && break
    [[ $try -lt 10 ]] || die "cannot copy $source_db into $target_db"
    sleep 1
  done
  psql_db "$target_db" -c 'DROP TABLE public.pgkeeper_history' >/dev/null
  pg_dump -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --schema-only --no-owner \
    -t public.flyway_schema_history bench_warm_fw | psql_db "$target_db" >/dev/null
  java "$HERE/FlywayHistoryRows.java" "$dir" "$PG_USER" >"$OUT/flyway-history-10k.sql"
  psql_db "$target_db" -f "$OUT/flyway-history-10k.sql" >/dev/null
  local columns="installed_rank, version, description, type, script, checksum, installed_by, success"
  diff <(psql_db bench_warm_fw -tA -c "SELECT $columns FROM flyway_schema_history ORDER BY 1") \
    <(psql_db "$target_db" -tA -c "SELECT $columns FROM flyway_schema_history WHERE installed_rank <= 500 ORDER BY 1") \
    >/dev/null || die "the generated Flyway history rows differ from the ones Flyway wrote"
  log "  Flyway history of $target_db: $(applied_counts "$target_db" flyway) (tables/rows), first 500 rows identical to Flyway's own"
}

# shellcheck disable=SC2046
bench_10k() {
  local n=10000 dir=$OUT/migrations/10000 p=b10k_pgk f=b10k_fw i
  log "10,000 migrations: set-up"
  gen_migrations "$dir" "$n"
  fresh_db "$p"
  timed 10k "$n" A pgkeeper migrate 1 "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$dir")
  [[ $LAST_CHECK == 10000/10000 ]] || die "pgkeeper did not apply the 10,000 migrations ($LAST_CHECK)"
  setup_flyway_10k "$dir" "$p" "$f"
  log "10,000 migrations: $RUNS_10K rounds"
  local skip_info=0 skip_noop=0 skip_validate=0
  for ((i = 1; i <= RUNS_10K; i++)); do
    timed 10k "$n" base maven validate "$i" - - -- "${MVN[@]}" validate
    timed 10k "$n" A pgkeeper status "$i" - - -- "${MVN[@]}" db:status -Ddb.status.failOnPending=true $(pgkeeper_args "$p" "$dir")
    if [[ $skip_info -eq 0 ]]; then
      timed 10k "$n" B flyway info "$i" - - -- "${MVN[@]}" flyway:info $(flyway_args "$f" "$dir")
      [[ $LAST_RC -eq 0 ]] || skip_info=1
    fi
    timed 10k "$n" A pgkeeper noop-migrate "$i" "$p" pgkeeper -- "${MVN[@]}" db:migrate $(pgkeeper_args "$p" "$dir")
    if [[ $skip_noop -eq 0 ]]; then
      timed 10k "$n" B flyway noop-migrate "$i" "$f" flyway -- "${MVN[@]}" flyway:migrate $(flyway_args "$f" "$dir")
      [[ $LAST_RC -eq 0 ]] || skip_noop=1
    fi
    if [[ $skip_validate -eq 0 ]]; then
      timed 10k "$n" B flyway validate "$i" - - -- "${MVN[@]}" flyway:validate $(flyway_args "$f" "$dir")
      [[ $LAST_RC -eq 0 ]] || skip_validate=1
    fi
  done
  drop_db "$f"
  # b10k_pgk stays for the profile.
}

# ---------------------------------------------------------------- profile (untimed in the CSV)

# One run of each with Maven's log timestamps, split into: JVM + Maven start-up (until "Scanning
# for projects"), project and plugin set-up (until the goal's "---" header), and the goal itself;
# for pgkeeper's migrate also the per-migration times of its "[i/n] Applied ... in N ms" lines.
TS_OPTS=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)

profile_one() { # LABEL argv...
  local label=$1 logfile
  shift
  logfile=$LOGS/profile-$label.log
  wait_for_idle
  local t0 t1
  t0=$(date +%s%N)
  (cd "$PROJECT" && "$@" "${TS_OPTS[@]}") >"$logfile" 2>&1 || log "  profile $label: exit $?"
  t1=$(date +%s%N)
  awk -v label="$label" -v t0=$(((t0 / 1000000) % 86400000)) -v t1=$(((t1 / 1000000) % 86400000)) \
    -f "$HERE/profile.awk" "$logfile" >>"$OUT/profile.md"
}

# shellcheck disable=SC2046
bench_profile() {
  log "profile: one run each with timestamps"
  local pm=(mvn -B -o "${REPO_OPT[@]}")
  fresh_db prof_pgk
  fresh_db prof_fw
  {
    echo "| Run (1 each, not quiet, log timestamps) | wall | JVM + Maven start-up | project set-up | goal until first migration (or until done) | applying | after BUILD line (JVM exit) | per migration: sum / median / max |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
  } >>"$OUT/profile.md"
  profile_one "pgkeeper db:migrate, 500 pending" "${pm[@]}" db:migrate $(pgkeeper_args prof_pgk "$MIG500")
  profile_one "flyway:migrate, 500 pending" "${pm[@]}" flyway:migrate $(flyway_args prof_fw "$MIG500")
  profile_one "pgkeeper db:migrate, 500 applied (no-op)" "${pm[@]}" db:migrate $(pgkeeper_args prof_pgk "$MIG500")
  profile_one "flyway:migrate, 500 applied (no-op)" "${pm[@]}" flyway:migrate $(flyway_args prof_fw "$MIG500")
  if psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = 'b10k_pgk'" | grep -q 1; then
    profile_one "pgkeeper db:status, 10,000 applied" "${pm[@]}" db:status $(pgkeeper_args b10k_pgk "$OUT/migrations/10000")
    profile_one "pgkeeper db:migrate, 10,000 applied (no-op)" "${pm[@]}" db:migrate $(pgkeeper_args b10k_pgk "$OUT/migrations/10000")
  fi
  profile_one "mvn validate (start-up only)" "${pm[@]}" validate
  drop_db prof_pgk
  drop_db prof_fw
}

wants 500 && bench_500
wants curve && bench_curve
wants 10k && bench_10k
wants profile && bench_profile
if wants backup || wants restore; then
  bench_dataset
fi
wants backup && bench_backup
wants restore && bench_restore
wants validate && bench_validate
wants schema && bench_schema
wants objects && bench_objects

PLUGIN_SHA_END=$(plugin_sha)
if [[ $PLUGIN_SHA_END != "$PLUGIN_SHA_START" ]]; then
  log "WARNING: the pgkeeper jar in $M2 changed during the run ($PLUGIN_SHA_START -> $PLUGIN_SHA_END):"
  log "         someone installed a new build; the pgkeeper numbers mix two builds."
  echo "WARNING: pgkeeper jar changed during the run ($PLUGIN_SHA_START -> $PLUGIN_SHA_END)" >>"$OUT/machine.txt"
fi
echo "duration: $(($(date +%s) - START_EPOCH)) s" >>"$OUT/machine.txt"

bash "$HERE/report.sh" "$OUT" | tee "$OUT/report.md"
log "done in $(($(date +%s) - START_EPOCH)) s: $OUT/report.md, $CSV"
