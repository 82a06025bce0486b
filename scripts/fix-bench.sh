#!/usr/bin/env bash
# The cost of `accsm fix` on one file with many fixes (issue 22: 32,000 fixes took 163 s, the
# edits being planned one at a time against all the others).
#
#   scripts/fix-bench.sh                      # 1,000, 8,000 and 32,000 fixes in one file
#   FIXES="32000" scripts/fix-bench.sh
#   ACCSM=/tmp/accsm-old scripts/fix-bench.sh # time another build against the same files
#
# Each run copies tests/cmd/fix.in's accsm.toml and reference list into a scratch repository
# and writes data/plan.toml: one plan and N programmes, each naming its coordinator by name
# ("Indonesia") where the id belongs, which `fix` replaces by "IDN" (one fix a programme). It
# prints the wall time, the CPU time (user + system, which a busy machine affects less) and the
# peak memory of `accsm fix` (/usr/bin/time), and checks that every name was replaced.
set -euo pipefail
cd "$(dirname "$0")/.."

FIXES=${FIXES:-"1000 8000 32000"}
ROOT=$PWD
if [[ -z ${ACCSM:-} ]]; then
    cargo build --release --quiet --bin accsm
    ACCSM=$ROOT/target/release/accsm
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "fix-bench: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi

printf "| fixes | file MiB | fix wall s | fix CPU s | peak MiB |\n|---:|---:|---:|---:|---:|\n"
for n in $FIXES; do
    dir=$(mktemp -d "${TMPDIR:-/tmp}/accsm-fix-bench.XXXXXX")
    mkdir -p "$dir/data"
    cp tests/cmd/fix.in/accsm.toml "$dir/"
    cp tests/cmd/fix.in/data/reference.toml "$dir/data/"
    {
        printf '[[plan]]\nid = "test-2021-2025"\ntitle = "Test plan"\narea_kind = "priority"\n'
        printf 'start = 2021\nend = 2025\n'
        for ((i = 1; i <= n; i++)); do
            printf '\n[[programme]]\nplan = "test-2021-2025"\nnumber = %d\n' "$i"
            printf 'title = "Workshop %d"\ntimeline = "2022"\n' "$i"
            printf 'coordinators = ["Indonesia"]   # the focal point wrote the name\n'
        done
    } >"$dir/data/plan.toml"
    mib=$(awk -v b="$(stat -c %s "$dir/data/plan.toml")" 'BEGIN { printf "%.2f", b / 1048576 }')
    stats=$(mktemp)
    (cd "$dir" && /usr/bin/time -v "$ACCSM" fix >/dev/null 2>"$stats") || true
    wall=$(awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$stats")
    cpu=$(awk -F: '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$stats")
    kib=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$stats")
    left=$(grep -c '"Indonesia"' "$dir/data/plan.toml" || true)
    if [[ $left != 0 ]]; then
        echo "fix-bench: $left of $n names were not replaced" >&2
    fi
    printf "| %d | %s | %s | %s | %.1f |\n" "$n" "$mib" "$wall" "$cpu" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
    rm -rf "$dir" "$stats"
done
