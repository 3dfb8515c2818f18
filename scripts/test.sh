#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need that
# cargo does not bring (tmux, for the tests that type into a real terminal; man-db,
# for the test that renders the manual pages), then builds and runs every unit,
# integration and snapshot test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v man >/dev/null 2>&1 || missing+=(man-db)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "scripts/test.sh: the tests need ${missing[*]}; install it (e.g. sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
fi

cargo test --locked "$@"
