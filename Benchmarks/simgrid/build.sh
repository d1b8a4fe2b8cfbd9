#!/bin/sh
# Builds the SimGrid side of the ring all-reduce comparison into /tmp/wallsim-simgrid (nothing is
# written into the repository). Needs Debian's libsimgrid-dev (SimGrid 3.32): apt-get install libsimgrid-dev.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/wallsim-simgrid}
mkdir -p "$out"
g++ -std=c++17 -O2 -o "$out/ring_allreduce" "$here/ring_allreduce.cpp" -lsimgrid
echo "$out/ring_allreduce"
