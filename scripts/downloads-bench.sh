#!/usr/bin/env bash
# The workbook and the site against `validate`, for BENCHMARKS.md ("Workbook and site, round
# three"): instruction counts with one thread (callgrind, deterministic) on a small repository,
# and wall time, CPU time and peak memory of each binary, runs alternating, on a large one.
#
#   scripts/downloads-bench.sh BEFORE AFTER SMALL LARGE [RUNS]
#
# BEFORE and AFTER are two accsm binaries (copy target/release/accsm aside before a change);
# SMALL and LARGE are repositories made by `accsm synth` (10k and 100k programmes). They are
# only read: every output goes to a scratch folder removed at the end, made in $TMPDIR or in
# SCRATCH_IN if set (SCRATCH_IN=/dev/shm keeps the 100,000 pages of the site off the disk, whose
# time to write them varies from run to run more than accsm's own). Needs valgrind and GNU time
# (/usr/bin/time). SKIP_INSTRUCTIONS=1 leaves out the instruction counts.
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 BEFORE AFTER SMALL LARGE [RUNS]" >&2
    exit 2
fi
before=$(realpath "$1")
after=$(realpath "$2")
small=$(realpath "$3")
large=$(realpath "$4")
runs=${5:-3}
scratch=$(mktemp -d -p "${SCRATCH_IN:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$scratch"' EXIT

# The commands compared; the output (file or folder) is removed before each run.
commands=(
    "validate"
    "export --format xlsx --out $scratch/out.xlsx"
    "site --out $scratch/site"
)

echo "## instructions, one thread, $small"
[ -n "${SKIP_INSTRUCTIONS:-}" ] && echo "(left out: SKIP_INSTRUCTIONS is set)"
for bin in "$before" "$after"; do
    [ -n "${SKIP_INSTRUCTIONS:-}" ] && break
    for cmd in "${commands[@]}"; do
        rm -rf "$scratch/out.xlsx" "$scratch/site"
        # shellcheck disable=SC2086 # the command's words are split on purpose
        ACCSM_THREADS=1 ACCSM_CACHE=off valgrind --tool=callgrind \
            --callgrind-out-file="$scratch/callgrind.out" \
            "$bin" --root "$small" $cmd >/dev/null 2>"$scratch/valgrind.txt"
        refs=$(sed -n 's/.*Collected : //p' "$scratch/valgrind.txt")
        echo "$bin | ${cmd%% *} | $refs"
    done
done

echo "## time and memory, $large (load average before each run)"
for run in $(seq "$runs"); do
    for bin in "$before" "$after"; do
        for cmd in "${commands[@]}"; do
            rm -rf "$scratch/out.xlsx" "$scratch/site"
            load=$(cut -d' ' -f1 /proc/loadavg)
            # shellcheck disable=SC2086
            /usr/bin/time -f "%e s wall | %U s user | %S s system | %M KiB" \
                -o "$scratch/time.txt" env ACCSM_CACHE=off \
                "$bin" --root "$large" $cmd >/dev/null 2>&1
            echo "run $run | $bin | ${cmd%% *} | $(cat "$scratch/time.txt") | load $load"
        done
    done
done
