#!/usr/bin/env bash
# Each command of the targets of BENCHMARKS.md ("Lists, exports and the report against validate",
# "The site") beside `validate` on one repository: hyperfine mean of 5 runs, CPU time and peak RSS of one run.
#
#   scripts/ratios.sh target/release/accsm /tmp/accsm-bench/100000
#
# (scripts/bench.sh makes the repository; it must have run once.)
set -euo pipefail
A=$1; D=$2; OUT=$(mktemp -d)
cmds=("validate" "list" "list --format csv" "list --format json" "list --format markdown" "export --format datapackage --out $OUT/p --force" "report --format html --out $OUT/r.html" "progress" "progress --by coordinator" "progress --by area --as-of 2026-02-03 --since 2026-02-02" "site --out $OUT/s")
printf '| command | wall ms | CPU s | peak MiB | wall ÷ validate | CPU ÷ validate | memory ÷ validate |\n|---|---:|---:|---:|---:|---:|---:|\n'
for c in "${cmds[@]}"; do
  read -r -a w <<<"$c"
  # The output of the run before is removed outside the timing (a site of 100k programmes is
  # 100k files to delete).
  hyperfine -N --warmup 1 --runs 5 --prepare "rm -rf $OUT/p $OUT/r.html $OUT/s" \
    --export-csv $OUT/h.csv --output=null -- "$A --root $D $c" >/dev/null 2>&1 || true
  rm -rf $OUT/p $OUT/r.html $OUT/s
  ms=$(awk -F, 'NR==2 {printf "%.0f", $2*1000}' $OUT/h.csv)
  /usr/bin/time -v "$A" --root "$D" "${w[@]}" >/dev/null 2>$OUT/t.txt || true
  read -r mib cpu <<<"$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); r=$2/1024} /User time|System time/ {c+=$2} END {printf "%.0f %.2f", r, c}' $OUT/t.txt)"
  if [[ $c == validate ]]; then vms=$ms vcpu=$cpu vmib=$mib; fi
  awk -v c="${c//$OUT\//}" -v ms=$ms -v cpu=$cpu -v mib=$mib -v vms=$vms -v vcpu=$vcpu -v vmib=$vmib 'BEGIN {printf "| %s | %d | %.2f | %d | %.2f | %.2f | %.2f |\n", c, ms, cpu, mib, ms/vms, cpu/vcpu, mib/vmib}'
  rm -rf $OUT/p $OUT/r.html $OUT/s
done
rm -rf "$OUT"
