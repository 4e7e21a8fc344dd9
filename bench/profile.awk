# Splits one Maven run, logged with -Dorg.slf4j.simpleLogger.showDateTime=true and
# dateTimeFormat=HH:mm:ss.SSS, into phases; prints one markdown table row.
#   awk -v label=... -v t0=START_MS_OF_DAY -v t1=END_MS_OF_DAY -f profile.awk LOG
# t0 and t1 are the wall-clock times (ms since midnight, UTC like the log) around the command.

function ms(line, parts) {
  # "HH:MM:SS.mmm [INFO] ..." -> ms since midnight
  split(substr(line, 1, 12), parts, /[:.]/)
  return ((parts[1] * 60 + parts[2]) * 60 + parts[3]) * 1000 + parts[4]
}
function fmt(v) { return v == "" ? "" : sprintf("%.2f s", v / 1000) }
function median(values, n,    i, j, tmp) {
  for (i = 2; i <= n; i++) {
    tmp = values[i]
    for (j = i - 1; j >= 1 && values[j] > tmp; j--) values[j + 1] = values[j]
    values[j + 1] = tmp
  }
  return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
}

{
  gsub(/\033\[[0-9;]*m/, "")
  if ($0 !~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] /) next
  t = ms($0)
  if (scanning == "" && /Scanning for projects/) scanning = t
  if (header == "" && /\] --- .*\(default-cli\)/) header = t
  # The first migration starts: pgkeeper's "Applying N migration(s)", Flyway's "Migrating schema".
  if (applying == "" && (/\] Applying [0-9]+ migration/ || /\] Migrating schema/)) applying = t
  if (/\] Migrating schema/) { if (last_mig != "") gaps[++ngaps] = t - last_mig; last_mig = t }
  if (/\] Successfully applied [0-9]+ migration/) {
    if (last_mig != "") gaps[++ngaps] = t - last_mig
    applied_end = t
  }
  if (match($0, /\] \[[0-9]+\/[0-9]+\] Applied .* in [0-9]+ ms$/)) {
    v = $0; sub(/ ms$/, "", v); sub(/.* in /, "", v)
    per[++nper] = v + 0; sum += v
  }
  if (/\] Applied [0-9]+ migration\(s\) in [0-9]+ ms/) applied_end = t
  if (done == "" && /BUILD (SUCCESS|FAILURE)/) done = t
}

END {
  if (t1 < t0) t1 += 86400000
  startup = scanning - t0
  until_header = header != "" ? header - scanning : ""
  before = header != "" ? (applying != "" ? applying : done) - header : ""
  apply = (applying != "" && applied_end != "") ? applied_end - applying : ""
  after = t1 - done
  migrations = ""
  if (nper > 0) {
    migrations = sprintf("%d ms / %s ms / %d ms (pgkeeper's own [i/n] lines, %d)", sum, median(per, nper), max_of(per, nper), nper)
  } else if (ngaps > 0) {
    s = 0; for (i = 1; i <= ngaps; i++) s += gaps[i]
    migrations = sprintf("%d ms / %s ms / %d ms (gaps between Flyway's log lines, %d)", s, median(gaps, ngaps), max_of(gaps, ngaps), ngaps)
  }
  printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label, fmt(t1 - t0), fmt(startup), fmt(until_header), fmt(before), fmt(apply), fmt(after), migrations
}
function max_of(values, n,    i, m) { m = values[1]; for (i = 2; i <= n; i++) if (values[i] > m) m = values[i]; return m }
