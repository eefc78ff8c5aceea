#!/bin/sh
# bench/run.sh: the benchmarks of `make bench`.  Numbers vary with the host;
# quote ratios from one run.
set -e
echo "== machine speed (bench/bench_machine.c)"
build/bin/bench_machine
