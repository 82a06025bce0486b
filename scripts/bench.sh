#!/usr/bin/env bash
# Benchmarks of accsm against the synthetic repositories of `synth`, and beside its peer,
# Python's frictionless, in the same run.
#
#   scripts/bench.sh                       # 10k and 100k programmes: the side-by-side table
#   SIZES="10000 100000 1000000" scripts/bench.sh   # and 1M (about 500 MiB of TOML, slow)
#   TABLES="side parse views" scripts/bench.sh      # also the older tables (see below)
#   SIZES="10000" RUNS=3 PEER_RUNS=1 scripts/bench.sh
#   ACCSM=/tmp/accsm-old scripts/bench.sh  # time another build of accsm against the same data
#   ACCSM_THREADS=1 scripts/bench.sh       # accsm on one thread (the default: every CPU)
#   FRICTIONLESS=/path/to/frictionless scripts/bench.sh   # default: CI's virtual environment
#                                          # (target/frictionless-venv), made by .ci/run
#
# Builds the release binary and the `synth` and `parse_only` examples, generates the synthetic
# repositories into $BENCH_DIR (kept and reused while synth and its inputs are unchanged): for
# each size a clean one (`synth`: no findings at all) and a realistic one (`synth --realistic`:
# one programme in 100 with a finding). Times are hyperfine medians (process start to exit) of
# RUNS runs after 2 warm-ups; peak RSS is "Maximum resident set size" of one run under
# /usr/bin/time -v; "load" is the 1-minute load average when the row started (the machine may
# be shared: quote it with the times). The tables go to standard output and to
# $BENCH_DIR/results.md.
#
# TABLES picks the tables (default "side"):
#   side   one row per data set and command, side by side in one run: `validate` on the clean
#          and the realistic repository, `show` of one programme, `export --format xlsx`, and
#          `frictionless validate` on the data package accsm exports from the same repository
#          (PEER_RUNS runs, default 3; 1 at 1M and more); then `validate` and frictionless on
#          accsm's own data package (the shipped data). Each as a multiple of the clean
#          `validate` in time and memory.
#   parse  validate beside the parse floor: `parse_only DIR/data` reads every *.toml and parses
#          it into a toml::Table on one thread, nothing checked; with fmt --check, list, trend.
#   views  every `list` format and every `export` format against validate.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/accsm-bench}
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-10}
PEER_RUNS=${PEER_RUNS:-3}
TABLES=${TABLES:-side}
ROOT=$PWD
# Every row is a full (cold) run unless it says "warm": the cache (.accsm-cache/) is turned on
# only for those rows, by the variable on their command line.
export ACCSM_CACHE=off
FRICTIONLESS=${FRICTIONLESS:-$ROOT/target/frictionless-venv/bin/frictionless}

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
    echo "bench: hyperfine not found (apt-get install -y hyperfine); timing with a shell loop (means, not medians)" >&2
fi
if [[ ! -x $FRICTIONLESS ]]; then
    echo "bench: no frictionless at $FRICTIONLESS (bash .ci/run installs it; or set FRICTIONLESS):" \
        "its rows show -" >&2
    FRICTIONLESS=""
fi

# Median wall time in milliseconds of a command over $RUNS runs, process start to exit. Before
# the command, `runs=N` sets the number of runs, `exit=any` accepts a non-zero exit (validate
# on a repository with errors) and `prepare=FILE` appends a comment line to FILE before each
# run, untimed (one file edited, for the warm rows).
median_ms() {
    local runs=$RUNS edit=""
    local -a accept=() prepare=()
    while [[ $1 == runs=* || $1 == exit=any || $1 == prepare=* ]]; do
        case $1 in
        runs=*) runs=${1#runs=} ;;
        exit=any) accept=(--ignore-failure) ;;
        prepare=*)
            edit=${1#prepare=}
            # (the single quotes are meant: $1 is the file, for the shell hyperfine starts)
            # shellcheck disable=SC2016
            prepare=(--prepare "$(printf "%q " sh -c 'printf "# edited\n" >>"$1"' sh "$edit")")
            ;;
        esac
        shift
    done
    if [[ $HYPERFINE == 1 ]]; then
        local csv warmup=2
        ((runs > 2)) || warmup=0
        csv=$(mktemp)
        # (hyperfine's advice about outliers on a busy machine goes to /dev/null with the rest)
        hyperfine --shell=none --warmup "$warmup" --runs "$runs" --style none --export-csv "$csv" "${accept[@]}" "${prepare[@]}" \
            -- "$(printf "%q " "$@")" >/dev/null 2>&1 || {
            echo "bench: hyperfine failed on: $*" >&2
            exit 1
        }
        # The columns: command,mean,stddev,median,user,system,min,max
        awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$csv"
        rm -f "$csv"
    else
        "$@" >/dev/null 2>&1 # warm-up
        local start end
        start=$(date +%s%N)
        for ((i = 0; i < runs; i++)); do
            if [[ -n $edit ]]; then printf "# edited\n" >>"$edit"; fi
            "$@" >/dev/null 2>&1
        done
        end=$(date +%s%N)
        awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.1f", ns / n / 1e6 }'
    fi
}

# As median_ms, or "-" when the command fails (an accsm from before `list`, `trend` or `fmt`).
optional_ms() {
    if "$@" >/dev/null 2>&1; then median_ms "$@"; else echo "-"; fi
}

# Peak resident memory of one run, in KiB (whatever the command's exit status).
peak_kib() {
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } |
        awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }'
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Generates (or reuses) the repository for N programmes, clean or realistic; prints its folder.
repository() {
    local n=$1 variant=$2 dir=$BENCH_DIR/$1
    local -a flags=()
    if [[ $variant == realistic ]]; then
        dir=$BENCH_DIR/$1-realistic
        flags=(--realistic)
    fi
    local stamp
    # synth copies the reference lists, the KPIs and the illustrative returns: a change to any of
    # them, or to synth itself, means a new repository.
    stamp="$n $variant $(cat examples/synth.rs data/reference/*.toml data/kpis.toml \
        examples/kpi-returns/returns/*/*.toml 2>/dev/null | sha256sum | cut -c1-16)"
    if [[ ! -f $dir/.synth-stamp || $(cat "$dir/.synth-stamp") != "$stamp" ]]; then
        rm -rf "$dir"
        "$SYNTH" --programmes "$n" --out "$dir" "${flags[@]}" >&2
        echo "$stamp" >"$dir/.synth-stamp"
    fi
    echo "$dir"
}

label_of() {
    local n=$1
    if ((n % 1000000 == 0)); then
        echo "$((n / 1000000))M"
    elif ((n % 1000 == 0)); then
        echo "$((n / 1000))k"
    else
        echo "$n"
    fi
}

# The last line of validate: "0 errors, 0 warnings in 1062 files".
summary_of() {
    "$ACCSM" --root "$1" validate 2>/dev/null | tail -n 1 || true
}

# One row of the side-by-side table: label, command words as one string, time and memory of the
# command, and validate's own (for the ratios).
side_row() {
    local data=$1 what=$2 ms=$3 kib=$4 vms=$5 vkib=$6 load=$7
    awk -v d="$data" -v c="$what" -v ms="$ms" -v kib="$kib" -v vms="$vms" -v vkib="$vkib" -v l="$load" 'BEGIN {
        if (ms == "-") { printf "| %s | %s | - | - | - | - | %s |\n", d, c, l; exit }
        printf "| %s | %s | %.1f | %.1f | %.2f | %.2f | %s |\n", d, c, ms, kib / 1024, ms / vms, kib / vkib, l
    }'
}

# frictionless validate on a data package: median ms and peak KiB, or "- 0" without it. A
# package it finds invalid stops the benchmark: its time would not be comparable.
peer() {
    local package=$1 runs=$2
    if [[ -z $FRICTIONLESS ]]; then
        echo "- 0"
        return
    fi
    if ! "$FRICTIONLESS" validate "$package/datapackage.json" >"$BENCH_DIR/peer.txt" 2>&1; then
        echo "bench: frictionless finds $package invalid:" >&2
        tail -n 20 "$BENCH_DIR/peer.txt" >&2
        exit 1
    fi
    echo "$(median_ms runs="$runs" "$FRICTIONLESS" validate "$package/datapackage.json") \
$(peak_kib "$FRICTIONLESS" validate "$package/datapackage.json")"
}

side() {
    local out load
    out=$(mktemp -d)
    echo "| data | command | median ms | peak MiB | time ÷ validate | memory ÷ validate | load |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    # accsm's own data package: the shipped data, as CI checks it.
    load=$(load1)
    local vms vkib
    vms=$(median_ms "$ACCSM" --root "$ROOT" validate)
    vkib=$(peak_kib "$ACCSM" --root "$ROOT" validate)
    side_row shipped "validate ($(summary_of "$ROOT"))" "$vms" "$vkib" "$vms" "$vkib" "$load"
    "$ACCSM" --root "$ROOT" export --format datapackage --out "$out/package" --force 2>/dev/null
    read -r ms kib <<<"$(peer "$out/package" "$PEER_RUNS")"
    side_row shipped "frictionless validate, accsm's own data package" "$ms" "$kib" "$vms" "$vkib" "$(load1)"
    rm -rf "$out/package"
    local n
    for n in $SIZES; do
        local label clean realistic
        label=$(label_of "$n")
        clean=$(repository "$n" clean)
        realistic=$(repository "$n" realistic)
        load=$(load1)
        vms=$(median_ms "$ACCSM" --root "$clean" validate)
        vkib=$(peak_kib "$ACCSM" --root "$clean" validate)
        side_row "$label" "validate, clean ($(summary_of "$clean"))" "$vms" "$vkib" "$vms" "$vkib" "$load"
        load=$(load1)
        ms=$(median_ms exit=any "$ACCSM" --root "$realistic" validate)
        kib=$(peak_kib "$ACCSM" --root "$realistic" validate)
        side_row "$label" "validate, realistic ($(summary_of "$realistic"))" "$ms" "$kib" "$vms" "$vkib" "$load"
        load=$(load1)
        ms=$(median_ms "$ACCSM" --root "$clean" show accsm-2021-2025/5)
        kib=$(peak_kib "$ACCSM" --root "$clean" show accsm-2021-2025/5)
        side_row "$label" "show accsm-2021-2025/5" "$ms" "$kib" "$vms" "$vkib" "$load"
        # Warm: the cache of the run before, one programme file edited before each run. One
        # untimed run first writes the cache for this build (with RUNS of 2 or fewer hyperfine
        # makes no warm-up run, and the first timed run would be the one that writes it).
        local edited
        edited=$(find "$clean/data/programmes" -name '*.toml' | sort | sed -n 1p)
        ACCSM_CACHE=on "$ACCSM" --root "$clean" validate >/dev/null 2>&1 || true
        ms=$(median_ms prepare="$edited" env ACCSM_CACHE=on "$ACCSM" --root "$clean" validate)
        printf "# edited\n" >>"$edited"
        kib=$(peak_kib env ACCSM_CACHE=on "$ACCSM" --root "$clean" validate)
        side_row "$label" "validate, warm: one file edited since the run before" "$ms" "$kib" "$vms" "$vkib" "$(load1)"
        ms=$(median_ms prepare="$edited" env ACCSM_CACHE=on "$ACCSM" --root "$clean" show accsm-2021-2025/5)
        printf "# edited\n" >>"$edited"
        kib=$(peak_kib env ACCSM_CACHE=on "$ACCSM" --root "$clean" show accsm-2021-2025/5)
        side_row "$label" "show accsm-2021-2025/5, warm: one file edited" "$ms" "$kib" "$vms" "$vkib" "$(load1)"
        load=$(load1)
        local -a xlsx=(export --format xlsx --out "$out/accsm.xlsx" --force)
        if "$ACCSM" --root "$clean" "${xlsx[@]}" >/dev/null 2>"$out/xlsx.txt"; then
            ms=$(median_ms "$ACCSM" --root "$clean" "${xlsx[@]}")
            kib=$(peak_kib "$ACCSM" --root "$clean" "${xlsx[@]}")
            side_row "$label" "export --format xlsx ($(du -m "$out/accsm.xlsx" | cut -f1) MiB)" "$ms" "$kib" "$vms" "$vkib" "$load"
        else
            side_row "$label" "export --format xlsx: $(tail -n 1 "$out/xlsx.txt")" - 0 "$vms" "$vkib" "$load"
        fi
        rm -f "$out/accsm.xlsx"
        load=$(load1)
        "$ACCSM" --root "$clean" export --format datapackage --out "$out/package" --force 2>/dev/null
        local runs=$PEER_RUNS
        ((n < 1000000)) || runs=1
        read -r ms kib <<<"$(peer "$out/package" "$runs")"
        side_row "$label" "frictionless validate, the same data as a data package ($(du -sm "$out/package" | cut -f1) MiB)" \
            "$ms" "$kib" "$vms" "$vkib" "$load"
        rm -rf "$out/package"
    done
    rm -rf "$out"
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
    validate=$(median_ms "$ACCSM" --root "$root" validate)
    fmt=$(optional_ms "$ACCSM" --root "$root" fmt --check)
    parse=$(median_ms "$PARSE" "$root/data")
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

parse_table() {
    echo "| data    | files |     MiB | validate ms | parse ms | ratio |   fmt ms | fmt/val |  list ms | trend ms | peak MiB | RSS/data |"
    echo "|---------|------:|--------:|------------:|---------:|------:|---------:|--------:|---------:|---------:|---------:|---------:|"
    row shipped "$ROOT"
    local n
    for n in $SIZES; do
        row "$(label_of "$n")" "$(repository "$n" clean)"
    done
}

# The listings and exports of one data set, against its validate.
views() {
    local label=$1 root=$2 out
    out=$(mktemp -d)
    local v vm
    v=$(median_ms "$ACCSM" --root "$root" validate)
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

views_table() {
    echo "| data    | command | ms | peak MiB | time ÷ validate | memory ÷ validate |"
    echo "|---------|---------|---:|---------:|----------------:|------------------:|"
    views shipped "$ROOT"
    local n
    for n in $SIZES; do
        views "$(label_of "$n")" "$(repository "$n" clean)"
    done
}

mkdir -p "$BENCH_DIR"
{
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
        "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
        "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "accsm: $ACCSM${ACCSM_THREADS:+ (ACCSM_THREADS=$ACCSM_THREADS)}; ${RUNS} runs a command, medians"
    for n in $SIZES; do
        repository "$n" clean >/dev/null
        repository "$n" realistic >/dev/null
    done
    for table in $TABLES; do
        echo
        case $table in
        side) side ;;
        parse) parse_table ;;
        views) views_table ;;
        *)
            echo "bench: unknown table $table (side, parse, views)" >&2
            exit 2
            ;;
        esac
    done
    echo
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$BENCH_DIR/results.md"
