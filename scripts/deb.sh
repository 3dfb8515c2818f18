#!/usr/bin/env bash
# Builds the Debian package of rehearse with cargo-deb, so that a branch machine
# without Rust can install it: the binary, the manual pages, the bash, zsh and fish
# completions, the README and docs/. Lists what the package holds and checks that
# all of it is there. Then, as root, installs it with `dpkg -i`, runs the installed
# binary (the built-in library, a scored answer, the manual page, the bash
# completion), and removes it again, unless rehearse was installed before or
# --keep is given.
#
#   scripts/deb.sh [--keep] [--no-install]
#
# cargo-deb is installed with `cargo install --locked cargo-deb` when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=0
install=1
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        --no-install) install=0 ;;
        *)
            echo "usage: scripts/deb.sh [--keep] [--no-install]" >&2
            exit 2
            ;;
    esac
done

fail() {
    echo "scripts/deb.sh: $*" >&2
    exit 1
}

if ! cargo deb --version >/dev/null 2>&1; then
    echo "scripts/deb.sh: installing cargo-deb (cargo install --locked cargo-deb)" >&2
    cargo install --locked cargo-deb
fi

start=$(date +%s)
cargo build --release --locked
built=$(date +%s)

# What the package carries besides the binary, made by the binary itself.
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/rehearse"
dist="$target/release/dist"
rm -rf "$dist"
mkdir -p "$dist/completions"
"$bin" --lang en man --dir "$dist/man" >/dev/null
gzip -9n "$dist/man/"*.1 # as Debian keeps manual pages
for shell in bash zsh fish; do
    "$bin" --lang en completions "$shell" >"$dist/completions/rehearse.$shell"
done

deb=$(cargo deb --no-build --locked --output "$target/debian/" | tail -n 1)
[ -f "$deb" ] || fail "cargo deb wrote no package (last line: $deb)"
end=$(date +%s)

echo "== $deb ($(du -h "$deb" | cut -f1); release build $((built - start)) s, package $((end - built)) s)"
dpkg-deb --info "$deb" | sed -n 's/^ *\(Package\|Version\|Architecture\|Depends\|Installed-Size\|Section\): /  \1: /p'
contents=$(dpkg-deb --contents "$deb")
echo "$contents" | awk '{print "  " $1 " " $6}'

wanted=(
    ./usr/bin/rehearse
    ./usr/share/man/man1/rehearse.1
    ./usr/share/man/man1/rehearse-run.1
    ./usr/share/man/man1/rehearse-grade.1
    ./usr/share/bash-completion/completions/rehearse
    ./usr/share/zsh/vendor-completions/_rehearse
    ./usr/share/fish/vendor_completions.d/rehearse.fish
    ./usr/share/doc/rehearse/README.md
    ./usr/share/doc/rehearse/docs/scenario-format.md
    ./usr/share/doc/rehearse/copyright
)
for want in "${wanted[@]}"; do
    # Manual pages are stored compressed.
    awk -v w="$want" '$6 == w || $6 == w ".gz" { found = 1 } END { exit !found }' <<<"$contents" ||
        fail "the package lacks $want"
done
pages=$(grep -c '/usr/share/man/man1/rehearse.*\.1\.gz$' <<<"$contents" || true)
expected=$("$bin" --lang en man --dir "$dist/check-man" | grep -o '[0-9]\+' | head -n 1)
[ "$pages" = "$expected" ] || fail "the package has $pages manual pages, the binary makes $expected"
echo "== contents complete: the binary, $pages manual pages, 3 completion scripts, the docs"

if [ "$install" = 0 ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "== not root: install it with  sudo dpkg -i $deb"
    exit 0
fi

was_installed=0
if dpkg-query -W -f='${Status}' rehearse 2>/dev/null | grep -q 'install ok installed'; then
    was_installed=1
fi
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ "$keep" = 0 ] && [ "$was_installed" = 0 ]; then
        dpkg -r rehearse >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

dpkg -i "$deb"
installed=/usr/bin/rehearse
[ -x "$installed" ] || fail "dpkg -i left no $installed"
# From an empty folder, with a fresh home: everything it needs is in the binary.
(
    cd "$work"
    export HOME="$work" REHEARSE_DB="$work/progress.db" REHEARSE_TRAINEE=check LANG=C.UTF-8
    "$installed" --version
    "$installed" list --json | grep -q '"complaint-long-wait"' ||
        fail "the installed binary lists no built-in scenario"
    "$installed" score complaint-long-wait apologise "对不起,让您久等了,我理解您的心情。" >/dev/null ||
        fail "the installed binary did not pass the model answer"
    MANWIDTH=80 man -P cat rehearse-grade 2>/dev/null | grep -q 'Audit real conversations' ||
        fail "man rehearse-grade shows no page"
    bash -c 'source /usr/share/bash-completion/completions/rehearse && complete -p rehearse' |
        grep -q '_rehearse rehearse' || fail "the bash completion does not load"
)
echo "== dpkg -i installed it; /usr/bin/rehearse runs, lists and scores the built-in library; man rehearse-grade and the bash completion work"
if [ "$keep" = 0 ] && [ "$was_installed" = 0 ]; then
    echo "== removed again (dpkg -r rehearse); --keep leaves it installed"
fi
