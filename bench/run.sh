#!/bin/sh
# bench/run.sh: the benchmarks of `make bench`.  Numbers vary with the host;
# quote ratios from one run.
set -e
echo "== machine speed (bench/bench_machine.c)"
build/bin/bench_machine
echo
echo "== drop and restart of a 1 M-word field (bench/bench_dropfile.c)"
build/bin/bench_dropfile build/bench
echo
sh bench/livermore.sh
echo
sh bench/threads.sh
echo
sh bench/replay.sh
