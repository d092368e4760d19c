#!/usr/bin/env bash
# A C-MAPSS subset from a clean start: derive the failures, ingest the files as they are, build
# silver and gold, train on the training engines, score everything, and judge the last row of each
# test engine. Runs from a copy of this folder anywhere: it needs only the data and lakescore.
#
#   run.sh LAKE_DIR [SUBSET] [DATA_DIR]
#
# LAKE_DIR must not exist yet. SUBSET is FD001 (the default), FD002, ...: the files
# train_SUBSET.txt(.gz), test_SUBSET.txt(.gz) and RUL_SUBSET.txt in DATA_DIR (default:
# $CMAPSS_DATA, else the data beside the lakescore repository this folder is in). lakescore is
# $LAKESCORE (a command), else the repository this folder is in, else `lakescore` on PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage="usage: run.sh LAKE_DIR [SUBSET] [DATA_DIR]"
lake="${1:?$usage}"
subset="${2:-FD001}"
repo="$(cd "$here/../.." && pwd)"
in_repo=false
if [ -f "$repo/dist/cli/main.js" ] && grep -q '"name": "lakescore"' "$repo/package.json" 2>/dev/null; then in_repo=true; fi
data="${3:-${CMAPSS_DATA:-}}"
if [ -z "$data" ] && $in_repo; then data="$repo/../shared/data/cmapss"; fi
if [ -z "$data" ]; then echo "run.sh: give the data directory (DATA_DIR or \$CMAPSS_DATA); $usage" >&2; exit 2; fi
if [ -e "$lake" ]; then echo "run.sh: $lake exists; give a new directory" >&2; exit 2; fi

files=()
for name in "train_$subset.txt" "test_$subset.txt"; do
  if [ -f "$data/$name.gz" ]; then files+=("$data/$name.gz"); elif [ -f "$data/$name" ]; then files+=("$data/$name");
  else echo "run.sh: $data/$name(.gz) not found: is $subset a subset in $data?" >&2; exit 2; fi
done

if [ -n "${LAKESCORE:-}" ]; then read -r -a cli <<<"$LAKESCORE"
elif $in_repo; then cli=(node "$repo/dist/cli/main.js")
elif installed="$(command -v lakescore)"; then cli=("$installed")
else echo "run.sh: lakescore not found: install it, or set LAKESCORE to the command that runs it" >&2; exit 2; fi
lakescore() { "${cli[@]}" --fleet "$here/lakescore.yaml" --lake "$lake" "$@"; }

derived="$(mktemp -d)"
trap 'rm -rf "$derived"' EXIT
started=$SECONDS
node "$here/derive-failures.mjs" "$data" "$subset" "$derived"
lakescore ingest "${files[@]}" "$derived/train_failures.csv" "$derived/test_failures.csv"
lakescore build all
# training engines run in 2000, test engines from 2002 (see lakescore.yaml): --to separates them
# every engine runs its own life, so the alert rule is chosen on a quarter of the training engines
lakescore train --name engines --from 2000-01-01 --to 2002-01-01 --test-to 2004-01-01 --validate assets:0.25 --trees 200 --max-depth 10 --seed "${SEED:-42}"
lakescore models promote engines@1 --alias production
lakescore score --model engines@production --from 2000-01-01 --to 2004-01-01
echo "$subset: fails within 30 cycles, judged at the last row of each test engine ($((SECONDS - started)) s in all):"
lakescore sql -- "$(cat "$here/evaluate.sql")"
