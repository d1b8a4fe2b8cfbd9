#!/usr/bin/env bash
# wallsim bench's harness against a bare C loop, and our ring all-reduce against the library's, measured in
# the same mpirun launch so that a machine whose speed drifts from minute to minute disturbs both alike:
#
#   c-loop  MPI_Allreduce timed by the shim's bare C loop (cmpi_allreduce_loop: warm-up, barrier,
#           back-to-back calls, two clock reads), on the same buffers as
#   native  the same MPI_Allreduce through wallsim's Swift wrapper and timing loop, and
#   ring    wallsim's ring all-reduce over MPI point-to-point.
#
#   Benchmarks/mpi/compare.sh [RANKS] [ROUNDS]      (defaults: 2 ranks, 8 rounds)
#
# Needs a release build: swift build -c release --traits MPI --product wallsim (WALLSIM=path overrides).
# Rounds alternate the order c-loop/native, so that neither always runs first; each figure is the
# median over rounds of the per-launch ratio.
set -euo pipefail
cd "$(dirname "$0")"
ranks=${1:-2}
rounds=${2:-8}
wallsim=${WALLSIM:-../../.build/release/wallsim}
[ -x "$wallsim" ] || { echo "build it first: swift build -c release --traits MPI --product wallsim" >&2; exit 1; }
# As OSU does, many runs of the small sizes (where one late rank would otherwise dominate) and fewer of
# the large ones.
sweeps=("-b 8 -e 65536 -f 8 -w 1000 -n 20000" "-b 262144 -e 67108864 -f 4 -w 5 -n 20")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
    order=$([ $((round % 2)) = 1 ] && echo c-loop,native,ring || echo native,c-loop,ring)
    for sweep in "${sweeps[@]}"; do
        # shellcheck disable=SC2086 # each sweep is a list of flags
        "$wallsim" bench allreduce --np "$ranks" --algorithm "$order" $sweep --format csv | grep -v '^op,' >> "$work/$round"
    done
done
python3 - "$work" "$rounds" <<'PY'
import csv, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
titles = "op,ranks,chunks,size(B),count,type,redop,algorithm,time(us),min(us),max(us),algbw(GB/s),busbw(GB/s),#wrong"
ratios = {}
for r in range(1, rounds + 1):
    rows = {}
    for row in csv.DictReader(open(f"{work}/{r}"), fieldnames=titles.split(",")):
        rows[(int(row["size(B)"]), row["algorithm"])] = (float(row["time(us)"]), float(row["busbw(GB/s)"]))
    for size in sorted({s for s, _ in rows}):
        c, n, g = rows[(size, "c-loop")], rows[(size, "native")], rows[(size, "ring")]
        ratios.setdefault(size, []).append((c[0], n[0], n[0] / c[0] - 1, g[1] / n[1] if n[1] > 0 else float("nan")))
print(f"{'size(B)':>9} {'C loop(us)':>11} {'native(us)':>11} {'overhead':>9} {'min..max':>15} {'ring/native':>12}")
for size, values in sorted(ratios.items()):
    median = lambda i: statistics.median(v[i] for v in values)
    low, high = min(v[2] for v in values), max(v[2] for v in values)
    print(f"{size:>9} {median(0):>11.2f} {median(1):>11.2f} {100 * median(2):>8.1f}% {100 * low:>6.1f}..{100 * high:>5.1f}% "
          f"{100 * median(3):>11.0f}%")
print(f"# {rounds} launches per size, medians of the per-launch ratios; overhead = native / C loop - 1")
PY
