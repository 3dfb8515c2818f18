#!/usr/bin/env bash
# Scores the blind judged set (tests/judged/*.yaml: answers written from the brief, the
# customer's line and the task only, each judged pass/fail by a strict training
# officer) with the real scorer and prints agreement, false fails and false passes by
# skill; the last line is a one-line summary. `-v` lists every disagreement; a folder
# argument measures another set in the same format.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example judged -- "$@"
