#!/usr/bin/env bash
# Runs the two audit rule packs over real service conversations and summarises them:
#   rules/service-taboos.yaml      the manuals' service taboos (any service conversation)
#   rules/wealth-misleading.yaml   misleading-risk words (only where a turn mentions an
#                                  investment or wealth product: its `when`)
# For each pack and each input: conversations, conversations with a hit, hits; then the
# most frequent banned phrases over all inputs.
#
# Usage: scripts/audit-corpora.sh [--top N] [--keep DIR] CORPUS.jsonl...
#   --top N     how many of the most frequent phrases to print (default 10)
#   --keep DIR  keep each pack's `grade` output as DIR/<pack>.<corpus>.jsonl
#
# The corpora (the packs were measured on these two; any grade input works):
#   stc3  NTCIR-14 STC-3 Chinese Weibo helpdesk dialogues: data.zip of the GitHub
#         repository SB233/stc3-dataset (a mirror of sakai-lab/stc3-dataset);
#   jddc  JDDC 2019 JD.com customer-service chats: data/chat_0.1per.txt of the GitHub
#         repository EndlessLethe/jddc2019-3th-retrieve-model.
# Fetch them yourself (nothing here downloads anything) and convert them outside the
# work tree:
#   python3 scripts/corpora.py stc3 data.zip          > /work/corpora/stc3.jsonl
#   python3 scripts/corpora.py jddc chat_0.1per.txt   > /work/corpora/jddc.jsonl
#   scripts/audit-corpora.sh /work/corpora/stc3.jsonl /work/corpora/jddc.jsonl
# Their licences are unclear: their text, converted files, hit lists and judgments must
# NOT be committed to this repository (nor copied into rules or tests); keep them
# outside the work tree. This script prints counts and phrases only.
set -euo pipefail
cd "$(dirname "$0")/.."

TOP=10
KEEP=
CORPORA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --top) TOP=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        -*) echo "audit-corpora.sh: unknown option $1" >&2; exit 2 ;;
        *) CORPORA+=("$1"); shift ;;
    esac
done
if [ ${#CORPORA[@]} -eq 0 ]; then
    echo "usage: scripts/audit-corpora.sh [--top N] [--keep DIR] CORPUS.jsonl..." >&2
    exit 2
fi
for c in "${CORPORA[@]}"; do
    [ -r "$c" ] || { echo "audit-corpora.sh: cannot read $c" >&2; exit 2; }
done

BIN=target/release/rehearse
if [ ! -x "$BIN" ]; then
    echo "building $BIN ..." >&2
    cargo build --release -q
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
if [ -n "$KEEP" ]; then
    mkdir -p "$KEEP"
fi

for pack in service-taboos wealth-misleading; do
    rules=rules/$pack.yaml
    results=()
    for c in "${CORPORA[@]}"; do
        name=$(basename "$c")
        name=${name%.gz}
        name=${name%.*}
        res="$OUT/$pack.$name.jsonl"
        # Exit 1 only means some conversation has a hit; 2 means unusable input.
        status=0
        "$BIN" grade --rules "$rules" "$c" > "$res" 2> "$OUT/stderr" || status=$?
        if [ "$status" -ge 2 ]; then
            cat "$OUT/stderr" >&2
            echo "audit-corpora.sh: grade failed on $c with $rules" >&2
            exit 2
        fi
        if [ -n "$KEEP" ]; then
            cp "$res" "$KEEP/"
        fi
        results+=("$name=$res")
    done
    python3 - "$pack" "$rules" "$TOP" "${results[@]}" <<'PY'
import collections
import json
import sys

pack, rules, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
print(f"== {pack} ({rules})")
total = [0, 0, 0]
phrases = collections.Counter()
conversations_with = collections.Counter()
for arg in sys.argv[4:]:
    name, path = arg.split("=", 1)
    conv = hit = hits = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            conv += 1
            banned = o.get("banned") or []
            if banned:
                hit += 1
            for b in banned:
                n = len(b.get("offsets") or []) or b.get("count", 0)
                hits += n
                phrases[b["phrase"]] += n
                conversations_with[b["phrase"]] += 1
    print(f"  {name}: {conv} conversations, {hit} hit, {hits} hits")
    total = [total[0] + conv, total[1] + hit, total[2] + hits]
if len(sys.argv) > 5:
    print(f"  all: {total[0]} conversations, {total[1]} hit, {total[2]} hits")
if phrases:
    print("  most frequent phrases:")
    for phrase, n in phrases.most_common(top):
        print(f"    {phrase}: {n} hits in {conversations_with[phrase]} conversations")
else:
    print("  no hits")
PY
done
