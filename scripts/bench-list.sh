#!/usr/bin/env bash
# Benchmark of `rehearse list` and `rehearse check` on a whole branch library (README
# figures): generates COUNT scenario files (seeded; each a shipped scenario under a new
# id, so sizes, concepts, steps and examples are the real ones) in DIR/scenarios, then
# times, best of RUNS (and the median), in DIR:
#   rehearse list            cold (no summary cache) and warm (cache filled)
#   rehearse list --json     cold and warm
#   rehearse check scenarios (never cached), and check of one of its files (start-up)
# then records a few runs of generated scenarios (answers files, into DIR/data) and
# times, warm, with their peak memory:
#   rehearse progress, rehearse history, and `rehearse` on a pseudo-terminal until
#   its home menu's first screen is shown
# and prints them against the targets: list < 50 ms warm, check < 300 ms, progress,
# history and the home menu < 50 ms warm in < 64 MB; each timed command's least CPU
# time (user + system) too, which other work on the machine does not inflate.
#
# Usage: scripts/bench-list.sh [--count 1000] [--runs 7] [--seed 13] [--dir DIR]
#                              [--bin PATH]   (default: builds target/release/rehearse)
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=1000
RUNS=7
SEED=13
DIR=target/bench-list
BIN=
while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "bench-list.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

if [ -z "$BIN" ]; then
    cargo build --release --locked --quiet
    BIN=target/release/rehearse
fi
BIN=$(realpath "$BIN")
mkdir -p "$DIR"
DIR=$(realpath "$DIR")
python3 scripts/bench-list.py generate "$DIR" "$COUNT" "$SEED"

# A fresh home: no progress database, no config, the cache in DIR/cache.
export XDG_CACHE_HOME="$DIR/cache" XDG_CONFIG_HOME="$DIR/config" XDG_DATA_HOME="$DIR/data"
export REHEARSE_DB="$DIR/data/none.db" REHEARSE_TRAINEE=bench COLUMNS=100 LANG=C.UTF-8
unset REHEARSE_NO_CACHE REHEARSE_CACHE_DIR
cd "$DIR"

# Sanity: the library is listed whole and checks clean.
rows=$("$BIN" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "scenarios listed: $rows (generated $COUNT, plus the built-in library)"
code=0
"$BIN" check scenarios >/dev/null 2>"$DIR/check.err" || code=$?
echo "check: exit $code, $(tail -n 1 "$DIR/check.err")"

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(nproc) cores, load average $load"
printf '%-28s %10s %10s %10s %10s %10s\n' "command" "best ms" "median ms" "target ms" \
    "peak MiB" "CPU ms"
show() {
    local name=$1 target=$2 best=$3 median=$4 kib=$5 cpu=${6:--}
    printf '%-28s %10s %10s %10s %10s %10s\n' "$name" "$best" "$median" "$target" \
        "$(python3 -c "print(f'{$kib / 1024:.1f}')")" "$cpu"
}
row() {
    local name=$1 target=$2 cache=$3
    shift 3
    read -r best median kib cpu < <(python3 "$OLDPWD/scripts/bench-list.py" time "$RUNS" "$cache" -- "$@")
    show "$name" "$target" "$best" "$median" "$kib" "$cpu"
}
row "list (cold)" - "$DIR/cache" "$BIN" list
row "list (warm)" "< 50" - "$BIN" list
row "list --json (cold)" - "$DIR/cache" "$BIN" list --json
row "list --json (warm)" "< 50" - "$BIN" list --json
row "check scenarios" "< 300" - "$BIN" check scenarios
# One file: what start-up costs (the shipped lexicon, the text tables).
one=$(find scenarios -name '*.yaml' | sort | sed -n 1p)
row "check (one file)" - - "$BIN" check "$one"

# A trainee with a few recorded runs: three generated scenarios, five runs.
export REHEARSE_DB="$DIR/data/runs.db"
rm -f "$REHEARSE_DB"
printf -- '- 您好\n' >"$DIR/answers.yaml"
for _ in 1 2 3 4 5 6 7 8 9; do printf -- '- 您好,请问有什么可以帮您?\n' >>"$DIR/answers.yaml"; done
picked=$("$BIN" list --json | python3 -c '
import json, sys
ids = [r["id"] for r in json.load(sys.stdin) if r["id"][-5:-4] == "-" and r["id"][-4:].isdigit()]
print(" ".join((ids[:2] + ids[:3])[:5]))')
for id in $picked; do
    "$BIN" run "$id" --answers "$DIR/answers.yaml" --seed 1 >/dev/null 2>&1 || true
done
echo "runs recorded: $("$BIN" history --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
row "progress (warm)" "< 50" - "$BIN" progress
row "history (warm)" "< 50" - "$BIN" history
read -r best median kib < <(python3 "$OLDPWD/scripts/bench-list.py" menu "$RUNS" \
    "What would you like to practise?" -- "$BIN" --lang en)
show "home menu, first screen" "< 50" "$best" "$median" "$kib"
