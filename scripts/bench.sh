#!/usr/bin/env bash
# Benchmarks for issue 6 ("validate 100,000 programmes at the speed of parsing them").
#
#   scripts/bench.sh                     # 1k, 10k and 100k programmes, plus the shipped data
#   SIZES="10000" RUNS=3 scripts/bench.sh
#   ACCSM=/tmp/accsm-old scripts/bench.sh  # time another build of accsm against the same data
#   ACCSM_THREADS=1 scripts/bench.sh       # accsm on one thread (the default: every CPU)
#
# Builds the release binary and the `synth` and `parse_only` examples, generates the synthetic
# repositories into $BENCH_DIR (kept and reused while synth and its inputs are unchanged), and prints
# one table row per data set:
#   validate   `accsm --root DIR validate`, process start to exit (hyperfine mean, else a loop)
#   parse      the baseline: `parse_only DIR/data` reads every *.toml and parses it into a
#              toml::Table on one thread, nothing checked (also process start to exit)
#   ratio      validate / parse
#   fmt        `accsm --root DIR fmt --check`: every file parsed with toml_edit and printed in the
#              canonical layout, nothing written (the synthetic files are formatted, so exit 0)
#   fmt/val    fmt / validate (the target: at most 2 at 100k)
#   list       `accsm --root DIR list --format csv` (every programme, one line each)
#   trend      `accsm --root DIR trend` (every KPI, the ten AMS, 2021-2025)
#   peak RSS   "Maximum resident set size" of one validate run (/usr/bin/time -v)
#   RSS/data   peak RSS / the data folder's size on disk (du -sb)
# and then, per data set, a second table: every `list` format and every `export` format, their
# time and peak memory, and each as a multiple of validate's in the same run ("-" for a build
# without the command).
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/accsm-bench}
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-10}
ROOT=$PWD

cargo build --release --quiet --bin accsm --example synth --example parse_only
ACCSM=${ACCSM:-$ROOT/target/release/accsm}
SYNTH=$ROOT/target/release/examples/synth
PARSE=$ROOT/target/release/examples/parse_only

if [[ ! -x /usr/bin/time ]]; then
    echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
if command -v hyperfine >/dev/null; then
    HYPERFINE=1
else
    HYPERFINE=0
    echo "bench: hyperfine not found (apt-get install -y hyperfine); timing with a shell loop" >&2
fi

# Mean wall time in milliseconds of a command, process start to exit.
mean_ms() {
    if [[ $HYPERFINE == 1 ]]; then
        local csv
        csv=$(mktemp)
        # (hyperfine's advice about outliers on a busy machine goes to /dev/null with the rest)
        hyperfine --shell=none --warmup 2 --runs "$RUNS" --style none --export-csv "$csv" \
            -- "$(printf "%q " "$@")" >/dev/null 2>&1 || {
            echo "bench: hyperfine failed on: $*" >&2
            exit 1
        }
        awk -F, 'NR == 2 { printf "%.1f", $2 * 1000 }' "$csv"
        rm -f "$csv"
    else
        "$@" >/dev/null 2>&1 # warm-up
        local start end
        start=$(date +%s%N)
        for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null 2>&1; done
        end=$(date +%s%N)
        awk -v ns=$((end - start)) -v n="$RUNS" 'BEGIN { printf "%.1f", ns / n / 1e6 }'
    fi
}

# As mean_ms, or "-" when the command fails (an accsm from before `list`, `trend` or `fmt`).
optional_ms() {
    if "$@" >/dev/null 2>&1; then mean_ms "$@"; else echo "-"; fi
}

# Peak resident memory of one run, in KiB.
peak_kib() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }'
}

# Generates (or reuses) the repository for N programmes; prints its folder.
repository() {
    local n=$1 dir=$BENCH_DIR/$1
    local stamp
    # synth copies the reference lists, the KPIs and the illustrative returns: a change to any of
    # them, or to synth itself, means a new repository.
    stamp="$n $(cat examples/synth.rs data/reference/*.toml data/kpis.toml \
        examples/kpi-returns/returns/*/*.toml 2>/dev/null | sha256sum | cut -c1-16)"
    if [[ ! -f $dir/.synth-stamp || $(cat "$dir/.synth-stamp") != "$stamp" ]]; then
        rm -rf "$dir"
        "$SYNTH" --programmes "$n" --out "$dir" >&2
        echo "$stamp" >"$dir/.synth-stamp"
    fi
    echo "$dir"
}

row() {
    local label=$1 root=$2
    local summary files bytes validate parse list trend rss
    # A benchmark of a failing run would mislead: show what validate says and stop on errors.
    summary=$("$ACCSM" --root "$root" validate | tail -n 1) || {
        echo "bench: accsm validate failed on $root: $summary" >&2
        exit 1
    }
    echo "  $label: $summary" >&2
    files=$(find "$root/data" -name '*.toml' | wc -l)
    bytes=$(du -sb "$root/data" | cut -f1)
    validate=$(mean_ms "$ACCSM" --root "$root" validate)
    fmt=$(optional_ms "$ACCSM" --root "$root" fmt --check)
    parse=$(mean_ms "$PARSE" "$root/data")
    list=$(optional_ms "$ACCSM" --root "$root" list --format csv)
    trend=$(optional_ms "$ACCSM" --root "$root" trend)
    rss=$(peak_kib "$ACCSM" --root "$root" validate)
    awk -v l="$label" -v f="$files" -v b="$bytes" -v v="$validate" -v p="$parse" -v r="$rss" \
        -v li="$list" -v t="$trend" -v fm="$fmt" 'BEGIN {
        ratio = (fm == "-") ? "-" : sprintf("%.2f", fm / v)
        printf "| %-7s | %5d | %7.2f | %11.1f | %8.1f | %5.2f | %8s | %7s | %8s | %8s | %8.1f | %8.2f |\n",
            l, f, b / 1048576, v, p, v / p, fm, ratio, li, t, r / 1024, r * 1024 / b
    }'
}

# The listings and exports of one data set, against its validate.
views() {
    local label=$1 root=$2 out
    out=$(mktemp -d)
    local v vm
    v=$(mean_ms "$ACCSM" --root "$root" validate)
    vm=$(peak_kib "$ACCSM" --root "$root" validate)
    local -a commands=(
        "list --format csv" "list --format json" "list --format markdown" "list"
        "export --format datapackage --out $out/package --force"
        "export --format csv --out $out/csv --force"
        "export --format json --out $out/json --force"
        "export --format jsonl --out $out/all.jsonl --force"
        "export --format xlsx --out $out/accsm.xlsx --force"
    )
    local command ms kib
    for command in "${commands[@]}"; do
        read -r -a words <<<"$command"
        ms=$(optional_ms "$ACCSM" --root "$root" "${words[@]}")
        if [[ $ms == "-" ]]; then kib=0; else kib=$(peak_kib "$ACCSM" --root "$root" "${words[@]}"); fi
        awk -v l="$label" -v c="${command//$out\//}" -v ms="$ms" -v kib="$kib" -v v="$v" -v vm="$vm" 'BEGIN {
            if (ms == "-") { printf "| %-7s | %s | - | - | - | - |\n", l, c; exit }
            printf "| %-7s | %s | %.1f | %.1f | %.2f | %.2f |\n", l, c, ms, kib / 1024, ms / v, kib / vm
        }'
    done
    rm -rf "$out"
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
    "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" >&2
echo "accsm: $ACCSM" >&2
mkdir -p "$BENCH_DIR"
declare -a DIRS
for n in $SIZES; do
    DIRS+=("$(repository "$n")")
done

echo
echo "| data    | files |     MiB | validate ms | parse ms | ratio |   fmt ms | fmt/val |  list ms | trend ms | peak MiB | RSS/data |"
echo "|---------|------:|--------:|------------:|---------:|------:|---------:|--------:|---------:|---------:|---------:|---------:|"
row shipped "$ROOT"
i=0
for n in $SIZES; do
    if ((n % 1000 == 0)); then label="$((n / 1000))k"; else label=$n; fi
    row "$label" "${DIRS[$i]}"
    i=$((i + 1))
done

echo
echo "| data    | command | ms | peak MiB | time ÷ validate | memory ÷ validate |"
echo "|---------|---------|---:|---------:|----------------:|------------------:|"
views shipped "$ROOT"
i=0
for n in $SIZES; do
    if ((n % 1000 == 0)); then label="$((n / 1000))k"; else label=$n; fi
    views "$label" "${DIRS[$i]}"
    i=$((i + 1))
done
