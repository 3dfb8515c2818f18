#!/usr/bin/env bash
# The long fuzzing run: mutations of the shipped scenarios through the scenario and
# rules loaders, every scenario that loads compiled and scored on random answers.
# Prints inputs tried, panics, slow inputs (over 1 s) and peak memory; exit 1 on any
# panic or slow input. Usage: scripts/fuzz.sh [INPUTS (default 100000)] [SEED (default 1)]
# The test suite runs a short version (tests/fuzz.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example fuzz -- "$@"
