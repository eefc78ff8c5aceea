#!/bin/sh
# bench/livermore.sh: the Livermore kernels in hand-coded CAL
# (jobs/livermore/) on the bare machine with the Cray-1 timing model, and
# the MFLOPS their clock counts give at 80 MHz beside the published figures
# (data/refdata/cray-performance.md).
#
# Each kernel runs the reference's long span and its full repetition count
# (the x200 passes of livermore-checksums.csv); its clocks are those of the
# timed passes, read from the real-time clock by the program itself (S6),
# without the data set-up and the checksum.  Flops are the reference's:
# flops per inner iteration (the CSV) times the reference's iteration count
# for one pass (the span, or span-1 where the loop starts at 2; span-4 for
# kernel 2's sweeps; span x (span-1)/2 for kernel 6; 5 rows of span-1 for
# kernels 18 and 23; 625 x span for kernel 21) times the passes run.  The
# clocks are the timing model's, the same on every host.
# MFLOPS = flops x 80 / clocks.  The published per-kernel figures are the
# X-MP/1's (CFT77 Fortran, 8.5 ns clock, span 167); the Cray-1's are only
# summarised (geometric mean 11.9 MFLOPS over the 24 kernels, Fortran).
BIN=${BIN:-build/bin}
DIR=${LIVERMORE:-jobs/livermore}
REF=${REFDATA:-data/refdata}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

${CC:-cc} -std=c11 -O2 -ffp-contract=off -o "$TMP/lfkdata" "$DIR/lfkdata.c" -lm || exit 1
L=$TMP/lfkdata

# The X-MP/1 figures for kernels 1-24, one per line.
xmp=$(awk -F'|' '/Livermore kernels 1.*24, Cray X-MP/ { print $3 }' "$REF/cray-performance.md" |
      sed 's/MFLOPS//' | tr ',' '\n' | tr -d ' ')
published() { echo "$xmp" | sed -n "${1}p"; }
csv() { awk -F, -v k="$1" -v c="$2" '$1 == k { print $c }' "$REF/livermore-checksums.csv"; }

# kernel:name:iterations of one pass (from the span n)
KERNELS="1:hydro:n 2:iccg:n-4 3:inner_product:n 5:tridiagonal:n-1
6:linear_recur:n*((n-1)/2) 7:state:n 9:integrate:n 10:differences:n 11:first_sum:n-1
12:first_diff:n 18:hydro_2d:5*(n-1) 19:recurrence:n 21:matmul:625*n
23:implicit_2d:5*(n-1) 24:first_min:n-1"

echo "== Livermore kernels on C-1 (Cray-1 timing model, 12.5 ns; long spans, all passes)"
printf '%-3s %-14s %5s %6s %10s %10s %8s %13s %6s\n' \
    kernel name span passes flops clocks MFLOPS "X-MP/1 CFT77" ratio
for entry in $KERNELS; do
    k=${entry%%:*}
    rest=${entry#*:}
    name=${rest%%:*}
    iter=${rest#*:}
    kk=$(printf '%02d' "$k")
    "$L" data "$k" >"$TMP/data.cal"
    cat "$DIR/k$kk.cal" "$TMP/data.cal" >"$TMP/k.cal"
    "$BIN/c1cal" -o "$TMP/k.c1x" "$TMP/k.cal" >/dev/null || { echo "kernel $k: c1cal failed"; continue; }
    s=$("$BIN/c1" --bare "$TMP/k.c1x" --json | sed -n 's/.*"s":\[\([^]]*\)\].*/\1/p' | tr -d '"')
    passes=$((0$(echo "$s" | cut -d, -f6)))
    clocks=$((0$(echo "$s" | cut -d, -f7)))
    n=$(csv "$k" 3)
    fpi=$(csv "$k" 2)
    flops=$(( fpi * ($(echo "$iter" | sed "s/n/$n/g")) * passes ))
    pub=$(published "$k")
    awk -v k="$k" -v name="$name" -v n="$n" -v p="$passes" -v f="$flops" -v c="$clocks" -v pub="$pub" 'BEGIN {
        m = f * 80 / c
        printf "%-3s %-14s %5d %6d %10d %10d %8.1f %13s %6s\n", k, name, n, p, f, c, m,
            pub == "" ? "-" : pub, pub == "" ? "-" : sprintf("%.2f", m / pub)
    }'
done | tee "$TMP/table"
awk '{ s += log($7); n++ } END { if (n) printf "geometric mean of these %d kernels: %.1f MFLOPS (Cray-1 Fortran, all 24: 11.9)\n", n, exp(s / n) }' "$TMP/table"
