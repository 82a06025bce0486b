#!/usr/bin/env bash
# Two builds of accsm side by side on the same synthetic repositories, in one run, so that both
# meet the same machine load:
#
#   BEFORE=/tmp/accsm-old scripts/compare.sh            # against target/release/accsm
#   BEFORE=/tmp/a AFTER=/tmp/b SIZES="100000" RUNS=5 scripts/compare.sh
#   FRICTIONLESS=/path/to/venv/bin/frictionless BEFORE=… scripts/compare.sh   # and the peer
#   ONLY="list,list --format csv" BEFORE=… scripts/compare.sh                 # some commands only
#
# Prints one Markdown row per size and command: mean wall time (hyperfine, process start to exit),
# peak resident memory and CPU time (user + system, of one run under /usr/bin/time -v) of each
# build, after/before, and the after build's time, CPU and memory as multiples of its own
# `validate` in the same run. On a machine shared with other work, CPU time varies less than wall
# time. A command the before build does not have (`export`) shows "-". The repositories come from
# scripts/bench.sh's generator (it must have run once, or set BENCH_DIR).
#
# With FRICTIONLESS set, the peer is timed too, once per size: `frictionless validate` on the data
# package the after build exports from the same repository.
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

# Mean wall time in ms, or "-" when the command fails (a build without it).
mean_ms() {
    local csv
    csv=$(mktemp)
    if hyperfine --shell=none --warmup 2 --runs "$RUNS" --style none --export-csv "$csv" \
        -- "$(printf "%q " "$@")" >/dev/null 2>&1; then
        awk -F, 'NR == 2 { printf "%.0f", $2 * 1000 }' "$csv"
    else
        printf -- "-"
    fi
    rm -f "$csv"
}

# "MiB CPU-seconds" from a /usr/bin/time -v report: peak resident memory, user + system time.
USAGE_AWK='/Maximum resident set size/ { gsub(/ /, "", $2); rss = $2 / 1024 }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    END { printf "%.0f %.2f", rss, cpu }'

# Peak memory and CPU time of one run, or "- -" when the command fails.
usage() {
    local report
    if report=$(/usr/bin/time -v "$@" 2>&1 >/dev/null); then
        awk -F: "$USAGE_AWK" <<<"$report"
    else
        printf -- "- -"
    fi
}

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

COMMANDS=(
    "validate"
    "list --format csv"
    "list --format json"
    "list --format markdown"
    "list"
    "list --partner CHN --format csv"
    "export --format datapackage --out $OUT/package --force"
    "export --format csv --out $OUT/csv --force"
    "export --format xlsx --out $OUT/accsm.xlsx --force"
    "trend"
    "returns"
    "fmt --check"
)
# ONLY="list,list --format csv" times just those commands (comma-separated).
if [[ -n ${ONLY:-} ]]; then
    IFS=',' read -r -a COMMANDS <<<"$ONLY"
fi
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| data | command | before ms | after ms | after/before | before MiB | after MiB | before CPU s | after CPU s | after ÷ validate: time | CPU | memory |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    dir=$BENCH_DIR/$n
    [[ -d $dir ]] || { echo "compare: no repository $dir; run scripts/bench.sh first" >&2; exit 2; }
    for command in "${COMMANDS[@]}"; do
        read -r -a words <<<"$command"
        b=$(mean_ms "$BEFORE" --root "$dir" "${words[@]}")
        a=$(mean_ms "$AFTER" --root "$dir" "${words[@]}")
        read -r bm bc <<<"$(usage "$BEFORE" --root "$dir" "${words[@]}")"
        read -r am ac <<<"$(usage "$AFTER" --root "$dir" "${words[@]}")"
        if [[ $command == validate ]]; then va=$a vm=$am vc=$ac; fi
        awk -v n="$n" -v c="${command//$OUT\//}" -v b="$b" -v a="$a" -v bm="$bm" -v am="$am" \
            -v bc="$bc" -v ac="$ac" -v va="$va" -v vm="$vm" -v vc="$vc" 'BEGIN {
            ratio = (b == "-") ? "-" : sprintf("%.2f", a / b)
            printf "| %dk | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f |\n",
                n / 1000, c, b, a, ratio, bm, am, bc, ac, a / va, ac / vc, am / vm
        }'
    done
    if [[ -n ${FRICTIONLESS:-} ]]; then
        "$AFTER" --root "$dir" export --format datapackage --out "$OUT/peer" --force 2>/dev/null
        start=$(date +%s%N)
        if /usr/bin/time -v "$FRICTIONLESS" validate "$OUT/peer/datapackage.json" \
            >"$OUT/peer.txt" 2>"$OUT/peer.time"; then
            verdict=valid
        else
            verdict="INVALID: see its report"
            tail -n 20 "$OUT/peer.txt" >&2
        fi
        end=$(date +%s%N)
        read -r fm fc <<<"$(awk -F: "$USAGE_AWK" "$OUT/peer.time")"
        awk -v n="$n" -v ms=$(((end - start) / 1000000)) -v va="$va" -v fm="$fm" -v vm="$vm" \
            -v fc="$fc" -v vc="$vc" -v verdict="$verdict" 'BEGIN {
            printf "| %dk | peer: frictionless validate (1 run, %s) | | %d | | | %s | | %s | %.1f | %.1f | %.2f |\n",
                n / 1000, verdict, ms, fm, fc, ms / va, fc / vc, fm / vm
        }'
        rm -rf "$OUT/peer"
    fi
done
