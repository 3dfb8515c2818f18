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
      untimed run to fill it). A third number is the largest peak memory (resident
      set, KiB; about 13 MB at least, see measure.py) of the timed runs, a fourth the
      least CPU time (user + system, ms) of a run, which other work on the machine
      does not inflate the way it does wall time.

  bench-list.py menu RUNS PROMPT -- COMMAND...
      runs COMMAND RUNS times on a pseudo-terminal (warm: after one untimed run) until
      PROMPT first appears on its screen, then ends it; prints the best and the median
      time to that first screen in milliseconds, and the largest peak memory (KiB)
      reached by then.
"""

import os
import pty
import random
import re
import shutil
import sys
import select
import signal
import time

import measure

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


def run_once(cmd):
    """Wall time (ms), peak memory (KiB) and CPU time (ms) of one run of cmd."""
    wall, kib, cpu, _ = measure.run(cmd)
    return wall * 1000, kib, cpu * 1000


def summary(samples):
    times = sorted(sample[0] for sample in samples)
    peak = max(sample[1] for sample in samples)
    return f"{times[0]:.1f} {times[len(times) // 2]:.1f} {peak}"


def timed(runs, cache, cmd):
    samples = []
    if cache == "-":
        run_once(cmd)
    for _ in range(runs):
        if cache != "-":
            shutil.rmtree(cache, ignore_errors=True)
        samples.append(run_once(cmd))
    cpu = min(sample[2] for sample in samples)
    print(f"{summary(samples)} {cpu:.0f}")


def vm_hwm(pid):
    """The peak resident set (KiB) of a running process."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def menu_once(prompt, cmd):
    """Time (ms) until prompt is on the screen of cmd run on a pseudo-terminal, and
    its peak memory then (KiB)."""
    want = prompt.encode()
    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    seen = b""
    try:
        while want not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                sys.exit(f"bench-list.py: no {prompt!r} within 30 s: {seen[-400:]!r}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                sys.exit(f"bench-list.py: ended before {prompt!r}: {seen[-400:]!r}")
            seen += chunk
        ms = (time.perf_counter() - t) * 1000
        kib = vm_hwm(pid)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return ms, kib


def menu(runs, prompt, cmd):
    menu_once(prompt, cmd)
    print(summary([menu_once(prompt, cmd) for _ in range(runs)]))


def main():
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "time":
        sep = sys.argv.index("--")
        timed(int(sys.argv[2]), sys.argv[3], sys.argv[sep + 1:])
    elif sys.argv[1] == "menu":
        sep = sys.argv.index("--")
        menu(int(sys.argv[2]), sys.argv[3], sys.argv[sep + 1:])
    else:
        sys.exit(f"bench-list.py: unknown command {sys.argv[1]}")


if __name__ == "__main__":
    main()
