#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need that
# cargo does not bring (tmux, for the tests that type into a real terminal), then
# builds and runs every unit, integration and snapshot test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq tmux >/dev/null
    else
        echo "scripts/test.sh: tmux is needed for the terminal tests; install it (e.g. sudo apt-get install tmux)" >&2
        exit 1
    fi
fi

cargo test --locked "$@"
