#!/usr/bin/env python3
"""Convert two public Chinese customer-service chat corpora into `rehearse grade` input.

Sources (fetch them yourself; nothing here downloads anything):

  stc3  NTCIR-14 STC-3 (Dialogue Quality / Nugget Detection) data: Chinese Weibo
        customer-helpdesk dialogues. File `data.zip` of the GitHub repository
        sakai-lab/stc3-dataset (mirrored e.g. as SB233/stc3-dataset); see
        https://sakai-lab.github.io/stc3-dataset/. The Chinese splits are
        `data/train_data_cn.json` and `data/test_data_cn.json` (there is no dev split);
        the `*_en.json` files are English translations and are skipped. Each dialogue is
        {"id", "turns": [{"sender": "customer"|"helpdesk", "utterances": [...]}], ...};
        one STC-3 turn becomes one output turn, its non-empty utterances (separate Weibo
        posts by the same sender) joined with "\\n".

  jddc  JDDC 2019 (JD.com Dialogue Challenge) sample of JD.com customer-service chats:
        `data/chat_0.1per.txt` of the GitHub repository
        EndlessLethe/jddc2019-3th-retrieve-model. Tab-separated, no header, 7 columns:
          1 session id, 2 customer id (USERID_n), 3 sent by the agent (1) or the
            customer (0), 4 transferred (0/1), 5 repeat enquiry (0/1),
          6 SKU ("nan"/"NULL" when none), 7 text
        (meaning of columns 4-5 from the JDDC chat.txt field list; only 1, 3 and 7 are
        used). Text "NULL"/"nan" means no reply and is skipped; stray tabs inside the
        text are joined back with a space. One line becomes one turn, in file order.

LICENCE: the licences of both corpora are unclear. Their text (and anything converted
from it) must NOT be committed to this repository; keep it outside the work tree
(e.g. /work/corpora/).

Output: JSON Lines on stdout, one conversation per line, turns in the original order,
empty texts skipped, roles only "customer" or "agent":

  {"id": "stc3-<dialogue id>", "turns": [{"role": "customer", "text": "..."}, {"role": "agent", "text": "..."}]}
  {"id": "jddc-<session id>", "turns": [...]}

Usage (python3, standard library only):

  python3 scripts/corpora.py stc3 <path to data.zip or a *_cn.json file> > stc3.jsonl
  python3 scripts/corpora.py jddc <path to chat_0.1per.txt> > jddc.jsonl

Counts (conversations, agent turns) go to stderr.
"""

import json
import re
import sys
import zipfile

STC3_ROLES = {"customer": "customer", "helpdesk": "agent"}
JDDC_ROLES = {"0": "customer", "1": "agent"}
JDDC_NO_TEXT = {"", "NULL", "nan"}
SPLIT_ORDER = {"train": 0, "dev": 1, "test": 2}


def stc3_members(path):
    """(name, parsed JSON) of every Chinese split in the zip, train, dev, test order."""
    if not zipfile.is_zipfile(path):
        with open(path, encoding="utf-8") as f:
            yield path, json.load(f)
        return
    with zipfile.ZipFile(path) as z:
        names = [
            n for n in z.namelist()
            if not n.startswith("__MACOSX/") and re.search(r"(^|/)[^/]*_cn\.json$", n)
        ]
        if not names:
            sys.exit(f"{path}: no *_cn.json member")

        def key(n):
            base = n.rsplit("/", 1)[-1]
            return (SPLIT_ORDER.get(base.split("_", 1)[0], 9), n)

        for n in sorted(names, key=key):
            yield n, json.loads(z.read(n).decode("utf-8"))


def stc3(path):
    for name, dialogues in stc3_members(path):
        for d in dialogues:
            turns = []
            for t in d["turns"]:
                role = STC3_ROLES.get(t["sender"])
                if role is None:
                    sys.exit(f"{name}: dialogue {d['id']}: unknown sender {t['sender']!r}")
                utts = t["utterances"]
                if isinstance(utts, str):
                    utts = [utts]
                text = "\n".join(u.strip() for u in utts if u and u.strip())
                if text:
                    turns.append({"role": role, "text": text})
            if turns:
                yield {"id": f"stc3-{d['id']}", "turns": turns}


def jddc(path):
    sessions = {}  # session id -> turns, in order of first appearance
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 7:
                sys.exit(f"{path}:{lineno}: expected 7 tab-separated columns, got {len(cols)}")
            session, sender = cols[0], cols[2]
            text = " ".join(cols[6:]).strip()
            role = JDDC_ROLES.get(sender)
            if role is None:
                sys.exit(f"{path}:{lineno}: column 3 should be 0 or 1, got {sender!r}")
            turns = sessions.setdefault(session, [])
            if text not in JDDC_NO_TEXT:
                turns.append({"role": role, "text": text})
    for session, turns in sessions.items():
        if turns:
            yield {"id": f"jddc-{session}", "turns": turns}


def main(argv):
    if len(argv) != 3 or argv[1] not in ("stc3", "jddc"):
        sys.exit("usage: python3 scripts/corpora.py stc3|jddc PATH > out.jsonl")
    convert = stc3 if argv[1] == "stc3" else jddc
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    out = sys.stdout
    conversations = agent_turns = 0
    for conv in convert(argv[2]):
        out.write(json.dumps(conv, ensure_ascii=False) + "\n")
        conversations += 1
        agent_turns += sum(t["role"] == "agent" for t in conv["turns"])
    print(f"{argv[1]}: {conversations} conversations, {agent_turns} agent turns",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
