#!/usr/bin/env bash
# Benchmark of a scenario with very many phrases (README, "Many phrases"): writes a
# 700 KB file of 70,000 distinct three-char banned phrases, as a scenario and as a
# rules file, and times `check`, `run --answers` and `grade` on it with the release
# build (best of 3 each, wall seconds and peak memory). tests/hostile.rs checks that
# the same files work; how long they take is measured here.
#
# Usage: scripts/bench-phrases.sh [--phrases N] [--dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

N=70000
DIR=target/bench-phrases
while [ $# -gt 0 ]; do
    case "$1" in
        --phrases) N=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "bench-phrases.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$DIR"
python3 - "$N" "$DIR" <<'PY'
import sys
n, folder = int(sys.argv[1]), sys.argv[2]
chars = [chr(c) for c in range(0x4E00, 0x4E00 + 60)]
phrases = [a + b + c for a in chars for b in chars for c in chars][:n]
flow = "[" + ",".join(phrases) + "]"
with open(f"{folder}/many.yaml", "w", encoding="utf-8") as f:
    f.write(f"id: many\ntitle: t\nskill: phone\nbanned: {flow}\nsteps:\n  - id: s\n    customer: x\n    model_answer: 您好\n")
with open(f"{folder}/rules.yaml", "w", encoding="utf-8") as f:
    f.write(f"banned: {flow}\n")
with open(f"{folder}/a.yaml", "w", encoding="utf-8") as f:
    f.write("- 您好\n")
with open(f"{folder}/in.jsonl", "w", encoding="utf-8") as f:
    f.write('{"id":"a","text":"您好"}\n{"id":"b","text":"一一一"}\n')
PY
cargo build --release --quiet
BIN=target/release/rehearse
echo "$N banned phrases, $(stat -c %s "$DIR/many.yaml") bytes; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
best() {
    local label=$1 best=999999 peak=0 s kb
    shift
    for _ in 1 2 3; do
        read -r s kb _ < <(python3 scripts/measure.py /dev/null /dev/null -- "$@")
        best=$(python3 -c "print(min($best, $s))")
        peak=$((kb > peak ? kb : peak))
    done
    printf '  %-8s best of 3: %5.2f s, peak %d MB\n' "$label" "$best" $((peak / 1024))
}
best check "$BIN" check "$DIR/many.yaml"
best run "$BIN" run "$DIR/many.yaml" --answers "$DIR/a.yaml" --no-record
best grade "$BIN" grade --rules "$DIR/rules.yaml" "$DIR/in.jsonl"
