#!/usr/bin/env bash
# The README's test command on a busy machine: one CPU-bound process per spare core runs beside
# `python -m pytest` for the whole run, as when other work shares the machine (issue 18).
#   bash scripts/test-under-load.sh [--burners N] [pytest arguments...]
# N defaults to the number of cores minus one (at least 1). The burners are this script's own children,
# ended by their process ids when pytest ends, whatever its result; the script exits with pytest's code.
set -uo pipefail
cd "$(dirname "$0")/.."
burners=$(( $(nproc) - 1 )); [ "$burners" -ge 1 ] || burners=1
if [ "${1:-}" = "--burners" ]; then burners=$2; shift 2; fi
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait "${pids[@]}" 2>/dev/null; }
trap stop EXIT
for _ in $(seq "$burners"); do
  python -c "while True: pass" &
  pids+=("$!")
done
echo "charge : $burners processus de calcul (pids ${pids[*]}) à côté de pytest ; $(nproc) cœurs"
start=$(date +%s)
python -m pytest "$@"
rc=$?
echo "durée : $(( $(date +%s) - start )) s, code de sortie de pytest : $rc, charge moyenne : $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
