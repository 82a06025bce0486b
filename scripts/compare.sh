#!/usr/bin/env bash
# Two builds of accsm side by side on the same synthetic repositories, in one run, so that both
# meet the same machine load:
#
#   BEFORE=/tmp/accsm-old scripts/compare.sh            # against target/release/accsm
#   BEFORE=/tmp/a AFTER=/tmp/b SIZES="100000" RUNS=5 scripts/compare.sh
#
# Prints one Markdown row per size and command: mean wall time (hyperfine, process start to exit)
# and peak resident memory (/usr/bin/time -v) of each build, and after/before. The repositories
# come from scripts/bench.sh's generator (it must have run once, or set BENCH_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/accsm-bench}
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-10}
: "${BEFORE:?name the other build: BEFORE=/path/to/accsm scripts/compare.sh}"
if [[ -z ${AFTER:-} ]]; then
    cargo build --release --quiet --bin accsm
    AFTER=$PWD/target/release/accsm
fi
command -v hyperfine >/dev/null || { echo "compare: hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

mean_ms() {
    local csv
    csv=$(mktemp)
    hyperfine --shell=none --warmup 2 --runs "$RUNS" --style none --export-csv "$csv" \
        -- "$(printf "%q " "$@")" >/dev/null 2>&1
    awk -F, 'NR == 2 { printf "%.0f", $2 * 1000 }' "$csv"
    rm -f "$csv"
}

peak_mib() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null |
        awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.0f", $2 / 1024 }'
}

echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| data | command | before ms | after ms | after/before | before MiB | after MiB |"
echo "|---|---|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    dir=$BENCH_DIR/$n
    [[ -d $dir ]] || { echo "compare: no repository $dir; run scripts/bench.sh first" >&2; exit 2; }
    for command in "validate" "list --format csv" "trend" "returns"; do
        read -r -a words <<<"$command"
        b=$(mean_ms "$BEFORE" --root "$dir" "${words[@]}")
        a=$(mean_ms "$AFTER" --root "$dir" "${words[@]}")
        bm=$(peak_mib "$BEFORE" --root "$dir" "${words[@]}")
        am=$(peak_mib "$AFTER" --root "$dir" "${words[@]}")
        awk -v n="$n" -v c="$command" -v b="$b" -v a="$a" -v bm="$bm" -v am="$am" 'BEGIN {
            printf "| %dk | %s | %d | %d | %.2f | %d | %d |\n", n / 1000, c, b, a, a / b, bm, am
        }'
    done
done
