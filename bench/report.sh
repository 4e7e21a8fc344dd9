#!/usr/bin/env bash
# Prints the markdown report of a benchmark run from its CSV: bench/report.sh [target/bench]
# Medians are over the successful runs only; failed or timed-out runs are counted and shown.
set -euo pipefail
OUT=${1:-$(cd "$(dirname "$0")/.." && pwd)/target/bench}
CSV=$OUT/results.csv
[[ -f $CSV ]] || { echo "no $CSV: run bench/run.sh first" >&2; exit 1; }

# Columns: 1 case, 2 files, 3 side, 4 tool, 5 command, 6 run, 7 wall_ms, 8 cpu_ms, 9 peak_rss_kb,
# 10 exit, 11 check, 12 load1, 13 other_java, 14 server_cpu_ms, 15 other_cpu_ms

# vals CASE FILES TOOL COMMAND COLUMN: that column of the successful runs.
vals() {
  awk -F, -v c="$1" -v n="$2" -v t="$3" -v m="$4" -v col="$5" \
    'NR > 1 && $1 == c && $2 == n && $4 == t && $5 == m && $10 == 0 { print $col }' "$CSV"
}
# runs CASE FILES TOOL COMMAND: "ok/all", plus the failures.
runs() {
  awk -F, -v c="$1" -v n="$2" -v t="$3" -v m="$4" '
    NR > 1 && $1 == c && $2 == n && $4 == t && $5 == m {
      all++; if ($10 == 0) ok++; else if ($11 ~ /timeout/) to = to " " $11; else bad = bad " exit " $10
    }
    END { if (all) printf "%d/%d%s%s", ok, all, to ? " (" substr(to, 2) ")" : "", bad ? " (" substr(bad, 2) ")" : "" }' "$CSV"
}
median() {
  sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%d", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
minmax() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf "%.2f–%.2f", lo / 1000, hi / 1000 }'; }
secs() { [[ -n ${1:-} ]] && awk -v v="$1" 'BEGIN { printf "%.2f s", v / 1000 }' || true; }
mib() { [[ -n ${1:-} ]] && awk -v v="$1" 'BEGIN { printf "%d MiB", v / 1024 }' || true; }
ratio() { [[ -n ${1:-} && -n ${2:-} && ${2:-0} != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || true; }
signed_secs() { [[ -n ${1:-} ]] && awk -v v="$1" 'BEGIN { printf "%+.2f s", v / 1000 }' || true; }

# row CASE FILES TOOL COMMAND LABEL [BASE_MS]: one line of a measurement table.
row() {
  local c=$1 n=$2 t=$3 m=$4 label=$5 base=${6:-} r med
  r=$(runs "$c" "$n" "$t" "$m")
  [[ -n $r ]] || return 0
  med=$(vals "$c" "$n" "$t" "$m" 7 | median)
  local added=""
  [[ -n $base && -n $med ]] && added=" | $(signed_secs $((med - base)))"
  [[ -n $base && -z $med ]] && added=" | "
  echo "| $label | $r | $(secs "$med") | $(vals "$c" "$n" "$t" "$m" 7 | minmax) | $(secs "$(vals "$c" "$n" "$t" "$m" 8 | median)") | $(secs "$(vals "$c" "$n" "$t" "$m" 14 | median)") | $(mib "$(vals "$c" "$n" "$t" "$m" 9 | median)")$added |"
}

# per_round CASE FILES TOOL COMMAND: median over rounds of (command − mvn validate of that round).
per_round() {
  awk -F, -v c="$1" -v n="$2" -v t="$3" -v m="$4" '
    NR > 1 && $1 == c && $2 == n && $10 == 0 && $4 == "maven" && $5 == "validate" { base[$6] = $7 }
    NR > 1 && $1 == c && $2 == n && $10 == 0 && $4 == t && $5 == m { v[$6] = $7 }
    END { for (r in v) if (r in base) print v[r] - base[r] }' "$CSV" | median
}

MEASURE_HEAD="| Command | ok/runs | median wall | min–max (s) | median CPU (client) | median CPU (server) | median peak RSS (client) |"
MEASURE_RULE="|---|---|---:|---:|---:|---:|---:|"

if grep -q '^500,' "$CSV"; then
  echo "### 500 small migrations (empty database → 500 applied)"
  echo
  echo "$MEASURE_HEAD"
  echo "$MEASURE_RULE"
  row 500 500 maven validate '`mvn -B -q -o validate` (Maven start-up)'
  row 500 500 maven help-evaluate '`mvn -B -q -o help:evaluate` (start-up + a small plugin)'
  row 500 500 psql script '`psql -X -q -v ON_ERROR_STOP=1 -1 -f all.sql` (floor)'
  row 500 500 pgkeeper migrate '**A** pgkeeper `db:migrate`, 500 pending'
  row 500 500 flyway migrate '**B** Flyway `flyway:migrate`, 500 pending'
  row 500 500 pgkeeper noop-migrate '**A** pgkeeper `db:migrate`, nothing pending'
  row 500 500 flyway noop-migrate '**B** Flyway `flyway:migrate`, nothing pending'
  echo
  echo "Pairs, in the order they ran (A then B in each round; each on its own fresh database):"
  echo
  echo "| Round | A migrate | B migrate | A/B | A no-op | B no-op | A/B |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  awk -F, 'NR > 1 && $1 == "500" && $10 == 0 { v[$4 "," $5 "," $6] = $7; if ($6 > max) max = $6 }
    function s(x) { return x == "" ? "–" : sprintf("%.2f s", x / 1000) }
    function r(a, b) { return (a == "" || b == "") ? "–" : sprintf("%.2f", a / b) }
    END {
      for (i = 1; i <= max; i++) {
        a = v["pgkeeper,migrate," i]; b = v["flyway,migrate," i]
        c = v["pgkeeper,noop-migrate," i]; d = v["flyway,noop-migrate," i]
        printf "| %d | %s | %s | %s | %s | %s | %s |\n", i, s(a), s(b), r(a, b), s(c), s(d), r(c, d)
      }
    }' "$CSV"
  pair_ratios() {
    awk -F, -v cmd="$1" 'NR > 1 && $1 == "500" && $5 == cmd && $10 == 0 { v[$4 "," $6] = $7 }
      END { for (k in v) { split(k, p, ","); if (p[1] == "pgkeeper" && ("flyway," p[2]) in v) printf "%d\n", 1000 * v[k] / v["flyway," p[2]] } }' "$CSV" | median
  }
  a=$(vals 500 500 pgkeeper migrate 7 | median)
  b=$(vals 500 500 flyway migrate 7 | median)
  base=$(vals 500 500 maven validate 7 | median)
  floor=$(vals 500 500 psql script 7 | median)
  pr=$(pair_ratios migrate)
  pn=$(pair_ratios noop-migrate)
  echo
  echo "- Ratio of the medians, pgkeeper / Flyway, 500 pending: **$(ratio "$a" "$b")** (median of the per-round ratios: $(ratio "${pr:-}" 1000)); no-op: $(ratio "$(vals 500 500 pgkeeper noop-migrate 7 | median)" "$(vals 500 500 flyway noop-migrate 7 | median)") (per-round median $(ratio "${pn:-}" 1000))."
  if [[ -n $a && -n $b && -n $base ]]; then
    echo "- Above Maven's start-up (median − median of \`mvn validate\`): pgkeeper $(signed_secs $((a - base))), Flyway $(signed_secs $((b - base))); ratio $(ratio $((a - base)) $((b - base)))."
    [[ -n $floor ]] && echo "- psql floor: $(secs "$floor"); pgkeeper is $(ratio "$a" "$floor")× the floor, $(ratio $((a - base)) "$floor")× once Maven's start-up is taken off."
    verdict=$(awk -v a="$a" -v b="$b" 'BEGIN { print (a <= 0.5 * b) ? "MET" : "NOT MET" }')
    echo "- Target 1 (pgkeeper ≤ 0.5 × Flyway wall time, 500 pending): **$verdict** ($(ratio "$a" "$b"))."
  fi
  echo
fi

if grep -q '^10k,' "$CSV"; then
  base=$(vals 10k 10000 maven validate 7 | median)
  echo "### 10,000 migrations (all applied)"
  echo
  echo "${MEASURE_HEAD} above start-up |"
  echo "${MEASURE_RULE}---:|"
  row 10k 10000 maven validate '`mvn -B -q -o validate` (Maven start-up)'
  row 10k 10000 pgkeeper status '**A** pgkeeper `db:status`' "$base"
  row 10k 10000 pgkeeper noop-migrate '**A** pgkeeper `db:migrate`, nothing pending' "$base"
  row 10k 10000 flyway info '**B** Flyway `flyway:info`' "$base"
  row 10k 10000 flyway noop-migrate '**B** Flyway `flyway:migrate`, nothing pending' "$base"
  row 10k 10000 flyway validate '**B** Flyway `flyway:validate`' "$base"
  row 10k 10000 pgkeeper migrate 'set-up: pgkeeper `db:migrate`, 10,000 pending (1 run)' "$base"
  echo
  s=$(per_round 10k 10000 pgkeeper status)
  m=$(per_round 10k 10000 pgkeeper noop-migrate)
  echo "- Added to Maven's start-up, median over rounds of (command − \`mvn validate\` of the same round): db:status $(signed_secs "${s:-}"), no-op db:migrate $(signed_secs "${m:-}"); Flyway: info $(signed_secs "$(per_round 10k 10000 flyway info)"), no-op migrate $(signed_secs "$(per_round 10k 10000 flyway noop-migrate)"), validate $(signed_secs "$(per_round 10k 10000 flyway validate)")."
  sm=$(vals 10k 10000 pgkeeper status 7 | median)
  mm=$(vals 10k 10000 pgkeeper noop-migrate 7 | median)
  if [[ -n $base && -n $sm && -n $mm ]]; then
    verdict=$(awk -v s=$((sm - base)) -v m=$((mm - base)) 'BEGIN { print (s < 2000 && m < 2000) ? "MET" : "NOT MET" }')
    echo "- Target 2 (db:status and no-op db:migrate add < 2 s to Maven's start-up, 10,000 files): **$verdict** (medians: +$(secs $((sm - base))) and +$(secs $((mm - base))))."
  fi
  echo
fi

if grep -q '^curve,' "$CSV" || grep -q '^10k,' "$CSV"; then
  echo "### Scaling (median wall time; the curve sizes ran once each)"
  echo
  echo "| Files | mvn validate | pgkeeper migrate (all pending) | Flyway migrate (all pending) | pgkeeper db:status | Flyway info | pgkeeper no-op migrate | Flyway no-op migrate | Flyway validate |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cell() { # CASE FILES TOOL COMMAND
    local v r
    v=$(vals "$1" "$2" "$3" "$4" 7 | median)
    if [[ -n $v ]]; then secs "$v"; else
      r=$(runs "$1" "$2" "$3" "$4")
      [[ -n $r ]] && echo "failed: $r" || echo "–"
    fi
  }
  line() { # CASE FILES
    echo "| $2 | $(cell "$1" "$2" maven validate) | $(cell "$1" "$2" pgkeeper migrate) | $(cell "$1" "$2" flyway migrate) | $(cell "$1" "$2" pgkeeper status) | $(cell "$1" "$2" flyway info) | $(cell "$1" "$2" pgkeeper noop-migrate) | $(cell "$1" "$2" flyway noop-migrate) | $(cell "$1" "$2" flyway validate) |"
  }
  grep -q '^500,' "$CSV" && line 500 500
  for n in $(awk -F, 'NR > 1 && $1 == "curve" { print $2 }' "$CSV" | sort -un); do line curve "$n"; done
  grep -q '^10k,' "$CSV" && line 10k 10000
  echo
  echo "(10,000: Flyway's history rows were written by bench/FlywayHistoryRows.java, not by flyway:migrate; its migrate column is empty.)"
  echo
fi

# size LABEL: the median size in bytes recorded for that label (sizes.csv), in MB.
size_mb() {
  [[ -f $OUT/sizes.csv ]] || return 0
  awk -F, -v l="$1" '$1 == "size" && $2 == l { print $3 }' "$OUT/sizes.csv" | median |
    awk '{ if ($1 != "") printf "%.1f MB", $1 / 1e6 }'
}
size_bytes() {
  [[ -f $OUT/sizes.csv ]] || return 0
  awk -F, -v l="$1" '$1 == "size" && $2 == l { print $3 }' "$OUT/sizes.csv" | median
}
copy_bytes=$(awk -F': ' '/^dataset COPY text:/ { print $2 + 0 }' "$OUT/machine.txt" 2>/dev/null | tail -n 1)
throughput() { # MS: MB of COPY text per second
  [[ -n ${1:-} && -n ${copy_bytes:-} ]] && awk -v ms="$1" -v b="$copy_bytes" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ms / 1000) }' || true
}

if grep -q '^backup,' "$CSV"; then
  echo "### Backup of the dataset ($(awk -v b="${copy_bytes:-0}" 'BEGIN { printf "%.0f MB", b / 1e6 }') as COPY text)"
  echo
  echo "$MEASURE_HEAD"
  echo "$MEASURE_RULE"
  row backup 0 pgkeeper backup '**A** pgkeeper `db:backup` (zstd, default jobs)'
  row backup 0 pg_dump custom '**B** `pg_dump -Fc`'
  row backup 0 pg_dump directory-j2 '**C** `pg_dump -Fd -j2`'
  row backup 0 psql copy-to-devnull 'floor: `COPY … TO STDOUT` of every table into /dev/null (psql, one after another)'
  row backup 0 pgkeeper verify-backup 'pgkeeper `db:verify-backup` of its archive'
  a=$(vals backup 0 pgkeeper backup 7 | median)
  b=$(vals backup 0 pg_dump custom 7 | median)
  c=$(vals backup 0 pg_dump directory-j2 7 | median)
  f=$(vals backup 0 psql copy-to-devnull 7 | median)
  echo
  echo "| File | Size |"
  echo "|---|---:|"
  echo "| pgkeeper archive (\`.tar\`, zstd) | $(size_mb 'pgkeeper db:backup (zstd)') |"
  echo "| \`pg_dump -Fc\` | $(size_mb 'pg_dump -Fc') |"
  echo "| \`pg_dump -Fd -j2\` (directory) | $(size_mb 'pg_dump -Fd -j2') |"
  echo
  echo "- pgkeeper / \`pg_dump -Fc\`: **$(ratio "$a" "$b")** (target ≤ 0.33: $(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "" && b != "") print (a <= b / 3) ? "MET" : "NOT MET" }')); / \`pg_dump -Fd -j2\`: $(ratio "$a" "$c"); / COPY floor: **$(ratio "$a" "$f")** (target ≤ 1.5: $(awk -v a="$a" -v f="$f" 'BEGIN { if (a != "" && f != "") print (a <= 1.5 * f) ? "MET" : "NOT MET" }')). Throughput: $(throughput "$a") of COPY text."
  sa=$(size_bytes 'pgkeeper db:backup (zstd)')
  sb=$(size_bytes 'pg_dump -Fc')
  echo "- Archive size / \`pg_dump -Fc\`: **$(ratio "${sa:-}" "${sb:-}")** (target ≤ 1.0: $(awk -v a="${sa:-}" -v b="${sb:-}" 'BEGIN { if (a != "" && b != "") print (a <= b) ? "MET" : "NOT MET" }'))."
  echo
fi

if grep -q '^restore,' "$CSV"; then
  echo "### Restore of the dataset into an empty database"
  echo
  echo "$MEASURE_HEAD"
  echo "$MEASURE_RULE"
  row restore 0 pgkeeper restore '**A** pgkeeper `db:restore` (schema from the archive'"'"'s schema.sql, then data)'
  row restore 0 pg_restore single-transaction '**B** `pg_restore --single-transaction`'
  row restore 0 pg_restore j2 '**C** `pg_restore -j2`'
  a=$(vals restore 0 pgkeeper restore 7 | median)
  b=$(vals restore 0 pg_restore single-transaction 7 | median)
  c=$(vals restore 0 pg_restore j2 7 | median)
  echo
  echo "- pgkeeper / \`pg_restore --single-transaction\`: **$(ratio "$a" "$b")** (target ≤ 1.0: $(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "" && b != "") print (a <= b) ? "MET" : "NOT MET" }')); / \`pg_restore -j2\`: $(ratio "$a" "$c"). Throughput: $(throughput "$a") of COPY text."
  if [[ -f $OUT/sizes.csv ]] && grep -q '^restore-check' "$OUT/sizes.csv"; then
    echo "- Row-count mismatches after restore: $(grep -c '^restore-check' "$OUT/sizes.csv") (see sizes.csv)."
  else
    echo "- Every restored database had the source's row count in every table."
  fi
  echo
fi

if grep -q '^validate,' "$CSV"; then
  echo "### Validate: one large file ($(awk -F': ' '/^validate input:/ { print $2 }' "$OUT/machine.txt" | tail -n 1)), and the 500-file set"
  echo
  echo "${MEASURE_HEAD} above start-up |"
  echo "${MEASURE_RULE}---:|"
  for n in 1 500; do
    base=$(vals validate "$n" maven validate 7 | median)
    label=$([[ $n == 1 ]] && echo "the large file" || echo "500 files")
    row validate "$n" maven validate "\`mvn -B -q -o validate\` (Maven start-up)"
    row validate "$n" pgkeeper validate "**A** pgkeeper \`db:validate\`, $label" "$base"
    row validate "$n" squawk check "**B** squawk, $label" "$base"
  done
  echo
  for n in 1 500; do
    a=$(per_round validate "$n" pgkeeper validate)
    s=$(vals validate "$n" squawk check 7 | median)
    echo "- $([[ $n == 1 ]] && echo "The large file" || echo "500 files"): pgkeeper's work above Maven's start-up $(signed_secs "${a:-}") (median over rounds); squawk $(secs "${s:-}")."
  done
  echo
fi

if grep -q '^schema,' "$CSV"; then
  n=$(awk -F, 'NR > 1 && $1 == "schema" { print $2; exit }' "$CSV")
  base=$(vals schema "$n" maven validate 7 | median)
  echo "### Schema of $n tables ($(awk -F': ' '/^schema dataset:/ { print $2 }' "$OUT/machine.txt" | tail -n 1))"
  echo
  echo "${MEASURE_HEAD} above start-up |"
  echo "${MEASURE_RULE}---:|"
  row schema "$n" maven validate '`mvn -B -q -o validate` (Maven start-up)'
  row schema "$n" pgkeeper backup '**A** pgkeeper `db:backup` (schema snapshot and rows)' "$base"
  row schema "$n" pg_dump custom '**B** `pg_dump -Fc`'
  row schema "$n" pgkeeper restore '**A** pgkeeper `db:restore` into an empty database (schema from the archive)' "$base"
  row schema "$n" pg_restore single-transaction '**B** `pg_restore --single-transaction`'
  row schema "$n" pg_restore plain '**C** `pg_restore` (not atomic)'
  row schema "$n" pgkeeper backup-schema-only '**A** schema only: `db:backup -Ddb.backup.excludeData=*`' "$base"
  row schema "$n" pg_dump schema-only '**B** schema only: `pg_dump -Fc --schema-only`'
  row schema "$n" pgkeeper restore-schema-only '**A** schema only: `db:restore` of that archive (`-Ddb.restore.analyze=false`)' "$base"
  row schema "$n" pg_restore schema-only '**B** schema only: `pg_restore --single-transaction` of that dump'
  a=$(per_round schema "$n" pgkeeper backup)
  r=$(vals schema "$n" pgkeeper restore 7 | median)
  b=$(vals schema "$n" pg_restore single-transaction 7 | median)
  echo
  so=$(per_round schema "$n" pgkeeper backup-schema-only)
  echo "- db:backup above Maven's start-up (median over rounds of backup − \`mvn validate\`): $(signed_secs "${a:-}"); schema only (\`excludeData=*\`): $(signed_secs "${so:-}") (target < 2 s: $(awk -v a="${so:-}" 'BEGIN { if (a != "") print (a < 2000) ? "MET" : "NOT MET" }'))."
  rs=$(vals schema "$n" pgkeeper restore-schema-only 7 | median)
  bs=$(vals schema "$n" pg_restore schema-only 7 | median)
  echo "- Schema only, db:restore / \`pg_restore --single-transaction\`: $(ratio "${rs:-}" "${bs:-}"); without Maven's start-up: $(ratio "$((${rs:-0} - ${base:-0}))" "${bs:-}")."
  echo "- db:restore / \`pg_restore --single-transaction\`, whole command: **$(ratio "$r" "$b")**; without Maven's start-up: $(ratio "$((${r:-0} - ${base:-0}))" "$b") (target ≤ 1.0)."
  echo "- Archive $(size_bytes "pgkeeper db:backup $n tables") bytes, \`pg_dump -Fc\` $(size_bytes "pg_dump -Fc $n tables") bytes."
  if [[ -f $OUT/sizes.csv ]]; then
    awk -F, '$1 == "schema-check" { printf "- `pg_dump --schema-only` of the database %s restored, against the source'"'"'s: %s.\n", ($2 == "pgkeeper" ? "db:restore" : $2), $3 }' "$OUT/sizes.csv"
  fi
  echo
fi

if grep -q '^objects,' "$CSV"; then
  for n in $(awk -F, 'NR > 1 && $1 == "objects" { print $2 }' "$CSV" | sort -un); do
    base=$(vals objects "$n" maven validate 7 | median)
    echo "### $n small tables, default server settings ($(awk -F': ' -v n="objects dataset $n" 'index($0, n ":") == 1 { print $2 }' "$OUT/machine.txt" | tail -n 1))"
    echo
    echo "${MEASURE_HEAD} above start-up |"
    echo "${MEASURE_RULE}---:|"
    row objects "$n" maven validate '`mvn -B -q -o validate` (Maven start-up)'
    row objects "$n" pgkeeper migrate '**A** pgkeeper `db:migrate` (creates them; one run)' "$base"
    row objects "$n" pgkeeper status '**A** pgkeeper `db:status` (one run)' "$base"
    row objects "$n" pgkeeper diff '**A** pgkeeper `db:diff` against an empty shadow database (one run)' "$base"
    row objects "$n" pgkeeper backup '**A** pgkeeper `db:backup`' "$base"
    row objects "$n" pg_dump custom '**B** `pg_dump -Fc`'
    row objects "$n" pgkeeper restore '**A** pgkeeper `db:restore` into an empty database' "$base"
    row objects "$n" pg_restore single-transaction '**B** `pg_restore --single-transaction`'
    row objects "$n" pg_restore plain '**C** `pg_restore` (not atomic)'
    echo
    a=$(vals objects "$n" pgkeeper backup 7 | median)
    d=$(vals objects "$n" pg_dump custom 7 | median)
    r=$(vals objects "$n" pgkeeper restore 7 | median)
    p=$(vals objects "$n" pg_restore plain 7 | median)
    s=$(size_bytes "pgkeeper db:backup $n objects")
    f=$(size_bytes "pg_dump -Fc $n objects")
    echo "- db:backup / \`pg_dump -Fc\`, whole Maven process: **$(ratio "${a:-}" "${d:-}")** (target ≤ 1.5)."
    echo "- Archive / \`pg_dump -Fc\` size: **$(ratio "${s:-}" "${f:-}")** ($s / $f bytes; target ≤ 1.2)."
    echo "- db:restore / plain \`pg_restore\`: **$(ratio "${r:-}" "${p:-}")** (target ≤ 1.0); \`pg_restore --single-transaction\`: $(runs objects "$n" pg_restore single-transaction) runs succeeded."
    if [[ -f $OUT/sizes.csv ]]; then
      awk -F, -v n="$n" '$1 == "objects-check" && $2 ~ "-" n "$" { split($2, w, "-"); printf "- Tables/rows restored by %s: %s (source %s).\n", w[1], $3, $4 }' "$OUT/sizes.csv"
    fi
    echo
  done
fi

if [[ -s $OUT/profile.md ]]; then
  echo "### Where the time goes (one run each, with Maven's log timestamps)"
  echo
  cat "$OUT/profile.md"
  echo
fi

others=$(awk -F, 'NR > 1 && $13 > 0' "$CSV" | wc -l)
disturbed=$(awk -F, 'NR > 1 && $15 > 0.1 * $7' "$CSV" | wc -l)
total=$(($(wc -l <"$CSV") - 1))
echo "Timed commands: $total. Started while another JVM ran: $others. With CPU used outside the command and the server above 10% of its wall time (other_cpu_ms in results.csv): $disturbed."
echo "CPU (client) is the user+system time of the command's processes (the Maven JVM uses both cores); CPU (server) is what the PostgreSQL server used meanwhile."
