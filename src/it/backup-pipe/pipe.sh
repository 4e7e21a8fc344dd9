#!/usr/bin/env bash
# Backs up through a pipe as docs/release-backup.md shows: the archive goes to file descriptor 3,
# which Maven never writes to, and everything Maven prints (log lines, colour codes) to standard
# error. A second db:backup execution writes the same database to a file, for comparison.
# Arguments: the mvn to run, offline=true or offline=false, the local repository.
set -euo pipefail
mvn_command=$1
mkdir -p target
options=(-B -q "-Dmaven.repo.local=$3")
if [ "$2" = offline=true ]; then
  options+=(-o)
fi
"$mvn_command" "${options[@]}" db:start db:migrate db:backup@file-backup db:backup \
  -Ddb.backup.file=/dev/fd/3 3>&1 1>&2 | cat > target/piped.tar
