#!/usr/bin/env bash
# The release archive of accsm for one target, exactly as the release workflow
# (.github/workflows/release.yml) makes it, and its SHA-256 checksum:
#
#   scripts/release-archive.sh TARGET OUT_DIR
#
# writes OUT_DIR/accsm-TARGET.tar.gz (.zip for Windows) holding accsm-TARGET/ with the program,
# README.md, CHANGELOG.md and the manual pages, and OUT_DIR/accsm-TARGET.tar.gz.sha256 in the
# form `sha256sum -c` reads. The program is built with `cargo build --release --locked`; with
# ACCSM_BINARY set, that binary is packed instead (tests/release.rs packs the test build, so
# that the packing and a run without Rust are tested on every CI run without a release build).
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: scripts/release-archive.sh TARGET OUT_DIR" >&2
    exit 2
fi
target=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
case $target in
*windows*) exe=.exe kind=zip ;;
*) exe="" kind=tar.gz ;;
esac

if [[ -n ${ACCSM_BINARY:-} ]]; then
    binary=$ACCSM_BINARY
else
    cargo build --release --locked --target "$target" --manifest-path "$root/Cargo.toml"
    binary=${CARGO_TARGET_DIR:-$root/target}/$target/release/accsm$exe
fi

name=accsm-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/man"
cp "$binary" "$stage/$name/accsm$exe"
cp "$root/README.md" "$root/CHANGELOG.md" "$stage/$name/"
# The program itself writes its pages, and so proves it runs on the machine that built it.
"$stage/$name/accsm$exe" man --out-dir "$stage/$name/man" >/dev/null
"$stage/$name/accsm$exe" --version

mkdir -p "$out"
out=$(cd "$out" && pwd)
archive=$name.$kind
rm -f "$out/$archive" "$out/$archive.sha256"
if [[ $kind == zip ]]; then
    (cd "$stage" && 7z a -tzip -bd -bso0 "$out/$archive" "$name")
else
    tar -C "$stage" -czf "$out/$archive" "$name"
fi
if command -v sha256sum >/dev/null 2>&1; then
    (cd "$out" && sha256sum "$archive" >"$archive.sha256")
else
    (cd "$out" && shasum -a 256 "$archive" >"$archive.sha256")
fi
echo "$out/$archive"
