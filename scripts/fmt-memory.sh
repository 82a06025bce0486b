#!/usr/bin/env bash
# Peak memory of `accsm fmt` against `accsm validate` on the same synthetic repository (issue 22:
# "fmt memory at 100k stays at most 2x validate's").
#
#   scripts/fmt-memory.sh                   # 100,000 programmes
#   N=10000 scripts/fmt-memory.sh
#   ACCSM=/tmp/accsm-old scripts/fmt-memory.sh
#
# Builds the release binary and `synth`, generates the repository into $BENCH_DIR/fmt-N (reused
# while it exists), and a copy in which every programme has `number` above `plan` (against the
# schema's order), so that `fmt` must print, check and write every file. Prints, for each
# command, its wall time, CPU time (user + system) and "Maximum resident set size"
# (/usr/bin/time -v), and the peak as a multiple of validate's on the same repository.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/accsm-bench}
cargo build --release --quiet --bin accsm --example synth
ACCSM=${ACCSM:-$PWD/target/release/accsm}
SYNTH=$PWD/target/release/examples/synth
if [[ ! -x /usr/bin/time ]]; then
    echo "fmt-memory: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi

formatted=$BENCH_DIR/fmt-$N
if [[ ! -f $formatted/accsm.toml ]]; then
    rm -rf "$formatted"
    "$SYNTH" --programmes "$N" --out "$formatted" >&2
fi
# A fresh unformatted copy each run (fmt writes it).
unformatted=$BENCH_DIR/fmt-$N-unformatted
rm -rf "$unformatted"
cp -r "$formatted" "$unformatted"
find "$unformatted/data/programmes" -name '*.toml' -print0 |
    xargs -0 perl -0pi -e 's/^(plan = [^\n]*)\n(number = [^\n]*)\n/$2\n$1\n/mg'

# "wall s | CPU s | peak MiB" of one run; the command's exit code is not judged here.
measure() {
    local stats
    stats=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$stats" || true
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time|System time/ { c += $2 }
        /Maximum resident set size/ { k = $2 }
        END { printf "%.2f %.2f %.1f", w, c, k / 1024 }' "$stats"
    rm -f "$stats"
}

base=$(measure "$ACCSM" --root "$formatted" validate)
base_mib=${base##* }
echo "| $N programmes | wall s | CPU s | peak MiB | peak / validate |"
echo "|---|---:|---:|---:|---:|"
row() {
    local label=$1 m
    shift
    m=$(measure "$@")
    read -r w c k <<<"$m"
    awk -v l="$label" -v w="$w" -v c="$c" -v k="$k" -v b="$base_mib" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.1f | %.2f× |\n", l, w, c, k, k / b }'
}
row '`validate`' "$ACCSM" --root "$formatted" validate
row '`fmt --check`, every file formatted' "$ACCSM" --root "$formatted" fmt --check
row '`fmt`, every file formatted' "$ACCSM" --root "$formatted" fmt
row '`validate`, every programme out of order' "$ACCSM" --root "$unformatted" validate
row '`fmt --check`, every programme out of order' "$ACCSM" --root "$unformatted" fmt --check
row '`fmt`, every programme out of order (every file rewritten)' "$ACCSM" --root "$unformatted" fmt
rm -rf "$unformatted"
