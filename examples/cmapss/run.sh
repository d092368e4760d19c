#!/usr/bin/env bash
# The C-MAPSS FD001 example from a clean start: derive the failures, ingest the files as they are,
# build silver and gold, train on the training engines, score everything, and judge the last row
# of each test engine. Usage: examples/cmapss/run.sh LAKE_DIR  (LAKE_DIR must not exist yet)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${CMAPSS_DATA:-$root/../shared/data/cmapss}"
lake="${1:?usage: run.sh LAKE_DIR}"
if [ -e "$lake" ]; then echo "run.sh: $lake exists; give a new directory" >&2; exit 2; fi
if [ ! -f "$root/dist/cli/main.js" ]; then echo "run.sh: build lakescore first (npm ci)" >&2; exit 2; fi

lakescore() { node "$root/dist/cli/main.js" --fleet "$here/lakescore.yaml" --lake "$lake" "$@"; }
derived="$(mktemp -d)"
trap 'rm -rf "$derived"' EXIT

node "$here/derive-failures.mjs" "$data" "$derived"
lakescore ingest "$data/train_FD001.txt.gz" "$data/test_FD001.txt.gz" "$derived/train_failures.csv" "$derived/test_failures.csv"
lakescore build all
# training engines run in 2000, test engines from 2002 (see lakescore.yaml): --to separates them
# every engine runs its own life, so the alert rule is chosen on a quarter of the training engines
lakescore train --name engines --from 2000-01-01 --to 2002-01-01 --test-to 2004-01-01 --validate assets:0.25 --trees 200 --max-depth 10 --seed 42
lakescore models promote engines@1 --alias production
lakescore score --model engines@production --from 2000-01-01 --to 2004-01-01
echo "fails within 30 cycles, judged at the last row of each test engine:"
lakescore sql -- "$(cat "$here/evaluate.sql")"
