#!/usr/bin/env python3
"""Generator and timer for scripts/bench-list.sh.

  bench-list.py generate DIR COUNT SEED
      writes COUNT scenario files under DIR/scenarios/<skill>/, each a shipped
      scenario (picked with the seed) under a new id and a varied title, as a branch's
      library would hold: same sizes, concepts, steps and examples as the real ones.

  bench-list.py time RUNS CACHE_DIR -- COMMAND...
      runs COMMAND RUNS times in the current folder and prints the best and the median
      wall time in milliseconds. With CACHE_DIR given (not "-"), it is removed before
      every run (a cold run); "-" leaves the cache alone (a warm run, after one
      untimed run to fill it).
"""

import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRANCHES = ["徐汇", "静安", "浦东", "黄浦", "长宁", "虹口", "杨浦", "闵行", "宝山", "嘉定"]


def shipped():
    out = []
    base = os.path.join(ROOT, "scenarios")
    for dirpath, _, names in os.walk(base):
        for n in sorted(names):
            if n.endswith((".yaml", ".yml")) and not n.startswith("lexicon."):
                out.append(os.path.join(dirpath, n))
    return sorted(out)


def generate(target, count, seed):
    rng = random.Random(seed)
    files = shipped()
    texts = [open(f, encoding="utf-8").read() for f in files]
    lib = os.path.join(target, "scenarios")
    shutil.rmtree(lib, ignore_errors=True)
    for i in range(count):
        k = rng.randrange(len(files))
        text = texts[k]
        skill = os.path.basename(os.path.dirname(files[k]))
        old = re.search(r"^id: *(\S+)", text, re.M).group(1)
        new = f"{old}-{i:04d}"
        text = re.sub(r"^id: *\S+", f"id: {new}", text, count=1, flags=re.M)
        branch = rng.choice(BRANCHES)
        text = re.sub(r"^title: *(.+)$", lambda m: f"title: {branch}·{m.group(1)}",
                      text, count=1, flags=re.M)
        d = os.path.join(lib, skill)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, new + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text)


def timed(runs, cache, cmd):
    times = []
    if cache == "-":
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        if cache != "-":
            shutil.rmtree(cache, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"{times[0]:.1f} {times[len(times) // 2]:.1f}")


def main():
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "time":
        sep = sys.argv.index("--")
        timed(int(sys.argv[2]), sys.argv[3], sys.argv[sep + 1:])
    else:
        sys.exit(f"bench-list.py: unknown command {sys.argv[1]}")


if __name__ == "__main__":
    main()
