#!/usr/bin/env bash
# The incremental cache (.accsm-cache/) against a run without it, on a repository of `synth`:
#
#   scripts/cache-bench.sh DIR [ROUNDS]     # DIR: a repository written by
#                                           # target/release/examples/synth --programmes N --out DIR
#   ACCSM=/path/to/accsm scripts/cache-bench.sh DIR
#
# Each round, in turn: `validate --no-cache` (cold); one programme file edited (a title changed,
# so the file's size, time and text change); `validate` (warm: the cache of the round before, one
# file changed); `show PLAN/N --no-cache`; `show PLAN/N` (warm). Prints, per command, the median
# over ROUNDS (default 5) of wall seconds, CPU seconds (user + system) and peak RSS (KiB, from
# /usr/bin/time), and the instructions of the last round (perf stat -e instructions:u, when perf
# is there), with the load average before and after. The warm output is compared with the cold
# output each round; a difference stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: scripts/cache-bench.sh DIR [ROUNDS]}
ROUNDS=${2:-5}
ACCSM=${ACCSM:-$PWD/target/release/accsm}
export ACCSM_CACHE=on
unset CI
FILE=$(find "$DIR/data/programmes" -name '*.toml' | sort | sed -n 1p)
NUMBER=$(grep -m1 '^number = ' "$FILE" | sed 's/number = //')
PLAN=$(grep -m1 '^plan = ' "$FILE" | sed 's/plan = //; s/"//g')
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# One run: appends "wall cpu kib" to $TMP/$1.times, and its stdout to $TMP/$1.out.
measure() {
    local name=$1
    shift
    ( cd "$DIR" && /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$ACCSM" "$@" >"$TMP/$name.out" 2>/dev/null ) || true
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$TMP/time" >>"$TMP/$name.times"
}

instructions() {
    if command -v perf >/dev/null; then
        ( cd "$DIR" && perf stat -x, -e instructions:u "$ACCSM" "$@" 2>&1 >/dev/null ) |
            awk -F, '/instructions/ { print $1 }'
    else
        echo "-"
    fi
}

edit() {
    # Alternates a title between two spellings of the same length.
    if grep -q 'title = "Cache bench A' "$FILE"; then
        sed -i '0,/title = "Cache bench A/s//title = "Cache bench B/' "$FILE"
    elif grep -q 'title = "Cache bench B' "$FILE"; then
        sed -i '0,/title = "Cache bench B/s//title = "Cache bench A/' "$FILE"
    else
        sed -i '0,/^title = "/s//title = "Cache bench A /' "$FILE"
    fi
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ACCSM" --version
( cd "$DIR" && "$ACCSM" validate >/dev/null 2>&1 ) || true   # writes the cache
for ((i = 0; i < ROUNDS; i++)); do
    measure cold-validate validate --no-cache
    edit
    measure warm-validate validate
    cmp -s "$TMP/cold-validate.out" "$TMP/warm-validate.out" ||
        { ( cd "$DIR" && "$ACCSM" validate --no-cache >"$TMP/cold-validate.out" 2>/dev/null ) || true
          cmp "$TMP/cold-validate.out" "$TMP/warm-validate.out"; }
    measure cold-show show "$PLAN/$NUMBER" --no-cache
    measure warm-show show "$PLAN/$NUMBER"
    cmp "$TMP/cold-show.out" "$TMP/warm-show.out"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf '| command | wall s | CPU s | peak MiB | instructions |\n|---|---:|---:|---:|---:|\n'
for name in cold-validate warm-validate cold-show warm-show; do
    wall=$(cut -d' ' -f1 "$TMP/$name.times" | median)
    cpu=$(cut -d' ' -f2 "$TMP/$name.times" | median)
    kib=$(cut -d' ' -f3 "$TMP/$name.times" | median)
    case $name in
        cold-validate) args=(validate --no-cache) ;;
        warm-validate) edit; args=(validate) ;;
        cold-show) args=(show "$PLAN/$NUMBER" --no-cache) ;;
        warm-show) args=(show "$PLAN/$NUMBER") ;;
    esac
    printf '| %s | %s | %s | %.1f | %s |\n' "$name" "$wall" "$cpu" "$(echo "$kib / 1024" | bc -l)" "$(instructions "${args[@]}")"
done
