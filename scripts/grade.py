#!/usr/bin/env python3
"""A straightforward Python grader: the baseline `scripts/bench-grade.sh` times
`rehearse grade` against. Same rules file (banned with except, required, conversation
mentions), same normalisation (spec section 2: NFKC via unicodedata, Traditional to
Simplified via OpenCC's t2s and canonical chars, ASCII lower-case, whitespace and punctuation removed),
same JSON Lines output, written the obvious way: one conversation at a time, each
phrase searched with str.find.

Needs the PyPI packages `opencc` and `PyYAML` (the bench script installs both into a
temporary folder). Usage: grade.py --rules RULES.yaml INPUT.jsonl > results.jsonl
"""

import argparse
import json
import sys
import unicodedata

import opencc
import yaml

T2S = opencc.OpenCC("t2s.json")

# After conversion every char becomes the canonical char of the chars that write the
# same word (rehearse's src/text/t2s/canon.rs): what it converts to alone (a 乾 kept
# inside an OpenCC phrase meets 干), then these Simplified pairs.
JOINED = {"帐": "账", "幺": "么", "著": "着", "衹": "只", "颚": "腭", "鲶": "鲇"}
CANONICAL = {}


def canonical(c):
    if c not in CANONICAL:
        alone = T2S.convert(c)
        alone = alone if len(alone) == 1 else c
        CANONICAL[c] = JOINED.get(alone, alone)
    return CANONICAL[c]


def removed(c):
    return c.isspace() or unicodedata.category(c).startswith("P")


def normalize_mapped(s):
    """The normalised text and, for each of its chars, the index of the original char."""
    chars, origin = [], []
    for i, c in enumerate(s):
        for d in unicodedata.normalize("NFKC", c):
            chars.append(d)
            origin.append(i)
    nfkc = "".join(chars)
    simplified = T2S.convert(nfkc)
    if len(simplified) != len(nfkc):
        # Rare: a conversion that changes the length; convert char by char instead.
        simplified = "".join(T2S.convert(c)[:1] or c for c in nfkc)
    # Taiwan writes 身分 for 身份 (rehearse's REGIONAL_PHRASES).
    simplified = "".join(canonical(c) for c in simplified.replace("身分", "身份"))
    text, mapped = [], []
    for c, o in zip(simplified, origin):
        if c.isascii():
            c = c.lower()
        if removed(c):
            continue
        text.append(c)
        mapped.append(o)
    return "".join(text), mapped


def normalize(s):
    return normalize_mapped(s)[0]


def find_all(text, pattern):
    """Every (overlapping) occurrence of pattern in text, as (start, end)."""
    out, at = [], text.find(pattern)
    while at >= 0:
        out.append((at, at + len(pattern)))
        at = text.find(pattern, at + 1)
    return out


def load_rules(path):
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f) or {}
    banned = []
    for b in raw.get("banned") or []:
        if isinstance(b, dict):
            banned.append((str(b["phrase"]), [str(e) for e in b.get("except") or []]))
        else:
            banned.append((str(b), []))
    # Phrases are normalised once, as any sensible grader would.
    banned = [(p, normalize(p), [normalize(e) for e in ex]) for p, ex in banned]
    required = []
    for r in raw.get("required") or []:
        if isinstance(r, dict):
            alts = [str(a) for a in r["any"]]
            required.append((r.get("label") or alts[0], alts))
        else:
            required.append((str(r), [str(r)]))
    required = [(label, [normalize(a) for a in alts]) for label, alts in required]
    rules = []
    for r in raw.get("conversation") or []:
        phrases = [str(p) for p in r["mentions"]]
        rules.append((phrases, [normalize(p) for p in phrases], int(r.get("at_least", 1))))
    return banned, required, rules


def non_overlapping(spans):
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    count, last = 0, 0
    for start, end in spans:
        if start >= last:
            count, last = count + 1, end
    return count


def grade(parts, banned, required, rules):
    hits = {}
    met = [False] * len(required)
    counts = [0] * len(rules)
    for turn, text in parts:
        norm, origin = normalize_mapped(text)
        for phrase, p, excepts in banned:
            found = find_all(norm, p)
            if not found:
                continue
            covers = [s for e in excepts for s in find_all(norm, e)]
            for start, end in found:
                if any(a <= start and end <= b for a, b in covers):
                    continue
                span = (origin[start], origin[end - 1] + 1)
                hits.setdefault(phrase, []).append((turn, span))
        for i, (_, alts) in enumerate(required):
            if any(a in norm for a in alts):
                met[i] = True
        for i, (_, phrases, _) in enumerate(rules):
            spans = [s for p in phrases for s in find_all(norm, p)]
            counts[i] += non_overlapping(spans)
    turns = parts and parts[0][0] is not None
    banned_out = []
    for phrase, _, _ in banned:
        if phrase in hits and phrase not in [b["phrase"] for b in banned_out]:
            item = {
                "phrase": phrase,
                "count": len(hits[phrase]),
                "offsets": [list(s) for _, s in hits[phrase]],
            }
            if turns:
                item["turns"] = [t for t, _ in hits[phrase]]
            banned_out.append(item)
    missing = [label for (label, _), m in zip(required, met) if not m]
    conversation = [
        {"rule": "mentions", "phrases": p, "at_least": n, "count": c, "met": c >= n}
        for (p, _, n), c in zip(rules, counts)
    ]
    passed = not banned_out and not missing and all(r["met"] for r in conversation)
    return passed, banned_out, missing, conversation


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rules", required=True)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    banned, required, rules = load_rules(args.rules)
    out = sys.stdout
    conversations = failed = problems = 0
    for path in args.inputs:
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    c = json.loads(line)
                    if "turns" in c:
                        parts = [
                            (i, t["text"])
                            for i, t in enumerate(c["turns"])
                            if t["role"] == "agent"
                        ]
                    else:
                        parts = [(None, c["text"])]
                    cid = str(c["id"])
                except (ValueError, KeyError, TypeError) as e:
                    print(f"{path}:{number}: {e}", file=sys.stderr)
                    problems += 1
                    continue
                passed, b, m, conv = grade(parts, banned, required, rules)
                conversations += 1
                failed += not passed
                obj = {"id": cid, "passed": passed, "banned": b, "missing": m, "conversation": conv}
                out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(
        f"graded {conversations} conversations: {failed} failed, {problems} input problems",
        file=sys.stderr,
    )
    return 2 if problems else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
