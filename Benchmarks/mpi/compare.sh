#!/usr/bin/env bash
# Side by side, on the same sizes and ranks: a minimal C loop of MPI_Allreduce, wallsim bench's timing of
# the same MPI_Allreduce (`native`: the harness's overhead is the difference) and wallsim's ring
# all-reduce over MPI point-to-point (its bus bandwidth against the library's).
#
#   Benchmarks/mpi/compare.sh [RANKS] [ROUNDS]      (defaults: 2 ranks, 3 rounds)
#
# Needs mpicc and a release build: swift build -c release --traits MPI --product wallsim
# (WALLSIM=path overrides .build/release/wallsim). The rounds alternate C and wallsim, so that a
# busy machine disturbs both alike; each figure is the median over rounds.
set -euo pipefail
cd "$(dirname "$0")"
ranks=${1:-2}
rounds=${2:-3}
wallsim=${WALLSIM:-../../.build/release/wallsim}
[ -x "$wallsim" ] || { echo "build it first: swift build -c release --traits MPI --product wallsim" >&2; exit 1; }
mkdir -p .build
mpicc -O2 -o .build/allreduce_loop allreduce_loop.c
flags=(--oversubscribe -np "$ranks")
[ "$(id -u)" = 0 ] && flags=(--allow-run-as-root "${flags[@]}")
# As OSU does, many runs of the small sizes (where one late rank would otherwise dominate) and fewer of
# the large ones.
sweeps=("-b 16 -e 65536 -f 4 -w 100 -n 1000" "-b 262144 -e 67108864 -f 4 -w 5 -n 20")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
    : > "$work/c.$round"
    : > "$work/w.$round"
    for sweep in "${sweeps[@]}"; do
        # shellcheck disable=SC2086 # each sweep is a list of flags
        mpirun "${flags[@]}" .build/allreduce_loop $sweep | grep -v '^#' >> "$work/c.$round"
        # shellcheck disable=SC2086
        mpirun "${flags[@]}" "$wallsim" bench allreduce --algorithm native,ring $sweep --format csv \
            | grep -v '^op,' >> "$work/w.$round"
    done
done
python3 - "$work" "$rounds" <<'PY'
import csv, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
c, native, ring = {}, {}, {}
for r in range(1, rounds + 1):
    for line in open(f"{work}/c.{r}"):
        size, time, _ = line.split()
        c.setdefault(int(size), []).append(float(time))
    titles = "op,ranks,chunks,size(B),count,type,redop,algorithm,time(us),min(us),max(us),algbw(GB/s),busbw(GB/s),#wrong"
    for row in csv.DictReader(open(f"{work}/w.{r}"), fieldnames=titles.split(",")):
        target = native if row["algorithm"] == "native" else ring
        target.setdefault(int(row["size(B)"]), []).append((float(row["time(us)"]), float(row["busbw(GB/s)"])))
print(f"{'size(B)':>9} {'C loop(us)':>11} {'native(us)':>11} {'overhead':>9} {'native busbw':>13} {'ring busbw':>11} {'ring/native':>12}")
for size in sorted(c):
    ct = statistics.median(c[size])
    nt = statistics.median(t for t, _ in native[size]); nb = statistics.median(b for _, b in native[size])
    rb = statistics.median(b for _, b in ring[size])
    ratio = f"{100 * rb / nb:>11.0f}%" if nb > 0 else f"{'n/a':>12}"
    print(f"{size:>9} {ct:>11.2f} {nt:>11.2f} {100 * (nt - ct) / ct:>8.1f}% {nb:>13.2f} {rb:>11.2f} {ratio}")
PY
