#!/usr/bin/env python3
"""One timed run of a command, for the benchmark scripts (bench-grade.sh,
bench-phrases.sh, bench-list.py).

  measure.py OUT ERR -- COMMAND...
      runs COMMAND with its standard output written to the file OUT and its standard
      error to ERR, and prints its wall time in seconds, to the microsecond, from start
      to exit (GNU time's %e has hundredths), its peak memory (largest resident set,
      KiB) and its exit code (negative: the signal that ended it).

The peak has a floor: Linux counts, in the peak of a process, the resident set of the
one it was started from at the moment it was started, here this Python process (about
13 MB). A command that stays below that reads as that, so a figure this near the
floor is an upper bound; GNU time, a small program, has a floor of about 1 MB.
"""

import os
import sys
import time


def run(cmd, out=os.devnull, err=os.devnull):
    """Wall time (s), peak memory (KiB), CPU time (user + system, s) and exit code of
    one run of cmd, its output written to out and its errors to err."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    files = [(os.POSIX_SPAWN_OPEN, fd, path, flags, 0o644) for fd, path in ((1, out), (2, err))]
    start = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=files)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit("usage: measure.py OUT ERR -- COMMAND...")
    wall, kib, _, code = run(sys.argv[4:], sys.argv[1], sys.argv[2])
    print(f"{wall:.6f} {kib} {code}")
