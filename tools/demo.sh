#!/bin/sh
# tools/demo.sh: `make demo`.  Boots a site with 2 PCs and runs the example
# jobs: one of them (SPIN) runs out of CPU time and is dropped to a
# dropfile.  The dropfile is restarted under another user with more time,
# and its output is compared with an uninterrupted run of the same job.
set -e
BIN=build/bin
DEMO=${DEMO_SITE:-build/demo-site}
rm -rf "$DEMO" "$DEMO-reference"
echo "== submitting the example jobs to $DEMO"
for deck in jobs/*.job; do
    "$BIN/c1sub" "$deck" --site "$DEMO"
done
echo
echo "== booting the site (2 PCs, 1 M words) until the queue is empty"
"$BIN/c1" --site "$DEMO" --pcs 2 --until-idle
echo
echo "== the dayfile (machine clock first, wall clock last)"
cat "$DEMO/dayfile"
echo
for log in "$DEMO"/out/*.log; do
    echo "== $log"
    cat "$log"
    echo
done
drop=$(ls "$DEMO"/drop/SPIN.*.drop | head -1)
echo "== the time-limit dropfile: dropfile info $drop"
"$BIN/dropfile" info "$drop"
echo
echo "== restarting it under user BOB with 2 seconds"
"$BIN/c1sub" --restart "$drop" --site "$DEMO" --user BOB --time 2
"$BIN/c1" --site "$DEMO" --until-idle
tail -4 "$DEMO/dayfile"
echo
echo "== an uninterrupted run of the same job, for comparison"
sed 's/T=0.005/T=2/' jobs/timeout.job > "$DEMO-reference.job"
"$BIN/c1sub" "$DEMO-reference.job" --site "$DEMO-reference" >/dev/null
"$BIN/c1" --site "$DEMO-reference" --until-idle
# Each run of a job has outputs of its own: the restarted run's are the ones
# its END line names (NNNNNN.SPIN-2, beside the dropped run's NNNNNN.SPIN).
stem=$(grep "END .* SPIN user BOB" "$DEMO/dayfile" | sed -n 's/.* output \([^ ]*\).*/\1/p' | tail -1)
restarted="$DEMO/out/$stem.out"
reference=$(ls "$DEMO-reference"/out/*.SPIN.out)
echo "restarted run's \$OUT:     $(cat "$restarted")"
echo "uninterrupted run's \$OUT: $(cat "$reference")"
if cmp -s "$restarted" "$reference"; then
    echo "== the same: the drop and restart were transparent"
else
    echo "== DIFFERENT: the restart was not transparent" >&2
    exit 1
fi
