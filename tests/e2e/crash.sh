#!/bin/sh
# tests/e2e/crash.sh: crash injection at every durable step, as SQLite's
# crash tests and FoundationDB's simulation do it.
#
# A site is prepared with a mixed workload (record I/O, a SAVE of a
# permanent dataset, a user rollout (ROLLJOB), a time-limit drop, a
# restart of a dropfile, and a STANDBY job that SUBMITs a regular job,
# which preempts it: dropped, queued again, restarted).  Run once in full, it takes S
# durable steps (os/disk: every write, fsync, rename, unlink, folder of the
# site, and each group commit at the end of a scheduling slice).  Then for every N in 1..S: a fresh copy of the prepared site is run
# with C1_CRASH_AT=N, so c1 stops dead (exit 86) just before its Nth step,
# as at a power cut; c1 is booted again on what is left and runs until
# idle.  After each, the site must show:
#   - every job ended exactly once (one END or ABORTED line, and the log
#     that line names; no $OUT without its log);
#   - no queue entry left, no temporary file left;
#   - every dropfile whole (dropfile verify);
#   - the dayfile's machine clock never going back;
#   - the same outputs (the last $OUT of every job) as the run without a
#     crash.
# CRASH_STEP=K runs every Kth step only (make test uses 1: every step);
# CRASH_WORKERS=W runs W crash points at once (default 2).
# CRASH_MODE=storm: a SIGKILL storm instead (make test-long; see below).
# Prints "crash e2e: N passed, N failed" and the number of crash points.
# (tests/e2e/crash_file.sh runs it again with a fsync per file,
# C1_FSYNC=file, as CRASH_NAME=crash_file.)
NAME=${CRASH_NAME:-crash}
. tests/e2e/lib.sh
STEP=${CRASH_STEP:-1}
# The sites in memory when the host has /dev/shm: an fsync there costs
# nothing, and a crash point is the same step whatever the disk.
SHM=$(mktemp -d -p /dev/shm 2>/dev/null) && at_exit "rm -rf '$SHM'" && TMP=$SHM

# A dropfile to restart (ROLL's rollout: the restart runs its second
# stage, a short one), made on a site of its own.
D=$TMP/donor
"$BIN/c1sub" --site "$D" "$JOBS/rollout.job" >/dev/null
"$BIN/c1" --site "$D" --until-idle >/dev/null 2>&1
donor=$(ls "$D"/drop/ROLL.*.drop 2>/dev/null | head -1)
[ -n "$donor" ] || { bad "no donor dropfile"; give_up; }
cp "$donor" "$TMP/roll.drop"

# The STANDBY job SUBMITs a regular job (LATE, the first file of its $IN)
# as it starts: LATE waits for the only PC, so SOAK is preempted.  (It
# sums 4 x 5,000 numbers instead of 4 x 50,000: the same steps, less CPU.)
{
    sed -n '1p' "$JOBS/standby.job"
    echo 'COPYF,I=$IN,O=LATE.'
    echo 'SUBMIT,DN=LATE.'
    sed -n '2,/^\/EOF$/p' "$JOBS/standby.job"
    echo 'JOB,JN=LATE,T=1,MFL=4096,US=BOB.'
    echo '/EOF'
    # (the storm keeps the whole sum: longer runs, more moments to kill)
    if [ "${CRASH_MODE:-}" = storm ]; then
        sed -n '/^\/EOF$/,$p' "$JOBS/standby.job" | sed '1d'
    else
        sed -n '/^\/EOF$/,$p' "$JOBS/standby.job" | sed '1d; s/^PART     A2        50000 /PART     A2        5000  /'
    fi
} >"$TMP/soak.job"
grep -q '^PART     A2        50*  ' "$TMP/soak.job" && ok || bad "jobs/standby.job changed: its part size not found"

# The prepared site: five decks, then the restart request.
P=$TMP/prepared
for deck in "$TMP/soak.job" "$JOBS/copy.job" "$JOBS/save.job" "$JOBS/rollout.job" "$JOBS/timeout.job"; do
    "$BIN/c1sub" --site "$P" "$deck" >/dev/null || { bad "c1sub $deck"; }
done
"$BIN/c1sub" --site "$P" --restart "$TMP/roll.drop" --time 1 >/dev/null || bad "c1sub --restart"
RUN="--pcs 1 --memory 65536 --until-idle"

# The run without a crash: its step count and its outputs.
cp -a "$P" "$TMP/whole"
C1_CRASH_AT=0 "$BIN/c1" --site "$TMP/whole" $RUN >/dev/null 2>"$TMP/whole.err" ||
    { bad "the run without a crash failed: $(cat "$TMP/whole.err")"; }
steps=$(sed -n 's/^disk: \([0-9]*\) durable steps$/\1/p' "$TMP/whole.err")
[ -n "$steps" ] && [ "$steps" -gt 0 ] && ok || { bad "c1 reported no step count (C1_CRASH_AT=0)"; steps=0; }
ended=$(grep -cE ' (END|ABORTED) +job ' "$TMP/whole/dayfile")

grep -q ' DROP  *job [0-9]* SOAK reason preemption' "$TMP/whole/dayfile" && ok ||
    bad "the STANDBY job was not preempted in the run without a crash"
grep -q 'START  *job [0-9]* LATE' "$TMP/whole/dayfile" && ok || bad "the SUBMITted job did not run"

# outputs SITE: each job's last $OUT (NNNNNN.NAME-K.out with the highest
# K: a STANDBY job's run cut off by a preemption has one of its own, and a
# reboot may schedule it so that it is not preempted), "NAME sum", sorted.
outputs() {
    ls "$1"/out/*.out >/dev/null 2>&1 || return 0
    cksum "$1"/out/*.out | awk '{
        n = $3; sub(/.*\//, "", n); sub(/^[0-9]*\./, "", n); sub(/\.out$/, "", n)
        k = 1; if (match(n, /-[0-9]+$/)) { k = substr(n, RSTART + 1) + 0; n = substr(n, 1, RSTART - 1) }
        if (k >= best[n]) { best[n] = k; sum[n] = $1 " " $2 }
    } END { for (n in sum) print n, sum[n] }' | sort
}
outputs "$TMP/whole" >"$TMP/whole.outputs"

# check_site SITE N: prints a line per failed check, "ok" per passed one.
check_site() {
    s=$1 n=$2
    leftover=$(find "$s" -name '.*.tmp.*' | head -3)
    [ -z "$leftover" ] && echo ok || echo "step $n: temporary files left: $leftover"
    entries=$(ls "$s/queue" | grep -E '^[0-9]+\.(job|drop|job\.sub)$' | head -3)
    [ -z "$entries" ] && echo ok || echo "step $n: queue entries left: $entries"
    # every job ended once with its log, no $OUT without its log, the
    # dayfile's clock never back: one pass over the dayfile and out/
    ls "$s/out" | awk -v n="$n" -v ended="$ended" '
        FNR == NR { have[$0] = 1; next }
        { c = $1 + 0; if (c < last && !back) back = FNR ": " $0; last = c }
        $2 == "END" || $2 == "ABORTED" {
            e++; if (seen[$4]++) twice = twice " " $4
            for (i = 5; i < NF; i++) if ($i == "output") stem = $(i + 1)
            if (!((stem ".log") in have)) nolog = nolog " " stem
        }
        END {
            if (e == ended && twice == "") print "ok"
            else print "step " n ": " e " jobs ended (expected " ended ")" (twice ? ", twice:" twice : "")
            if (back == "") print "ok"; else print "step " n ": the dayfile clock went back at line " back
            if (nolog == "") print "ok"; else print "step " n ": ended without a log:" nolog
            for (f in have) if (f ~ /\.out$/) { l = f; sub(/\.out$/, ".log", l); if (!(l in have)) orphan = orphan " " f }
            if (orphan == "") print "ok"; else print "step " n ": outputs without a log:" orphan
        }' - "$s/dayfile"
    for f in "$s"/drop/*.drop; do
        [ -e "$f" ] || continue
        "$BIN/dropfile" verify "$f" >/dev/null 2>&1 || echo "step $n: damaged dropfile $f"
    done
    outputs "$s" >"$s.outputs"
    cmp -s "$s.outputs" "$TMP/whole.outputs" && echo ok ||
        echo "step $n: outputs differ from the run without a crash: $(diff "$TMP/whole.outputs" "$s.outputs" | head -4 | tr '\n' ' ')"
}

# crash_point N: a fresh copy crashed at step N, booted again, checked.
crash_point() {
    n=$1
    S=$TMP/crash.$n
    cp -a "$P" "$S"
    C1_CRASH_AT=$n "$BIN/c1" --site "$S" $RUN >/dev/null 2>&1
    status=$?
    if [ $status -ne 86 ]; then
        echo "step $n: c1 did not stop at its crash point (exit $status)"
    else
        echo point
        C1_CRASH_AT= timeout 120 "$BIN/c1" --site "$S" $RUN >/dev/null 2>"$S.err" ||
            echo "step $n: the reboot failed: $(head -3 "$S.err" | tr '\n' ' ')"
        check_site "$S" "$n"
    fi
    rm -rf "$S" "$S.err" "$S.outputs"
}

# A SIGKILL storm instead (make test-long): CRASH_ROUNDS rounds, each a
# fresh copy of the prepared site run again and again and killed
# (SIGKILL) at a random moment, up to CRASH_KILLS times, then run to
# idle and checked as above.
if [ "${CRASH_MODE:-}" = storm ]; then
    ROUNDS=${CRASH_ROUNDS:-20}
    KILLS=${CRASH_KILLS:-20}
    # The moments: within a third of the time a whole run takes on this
    # host now (a kill after the run has ended ends the round).
    cp -a "$P" "$TMP/timed"
    t0=$(date +%s%N)
    "$BIN/c1" --site "$TMP/timed" $RUN >/dev/null 2>&1
    window=$((($(date +%s%N) - t0) / 3000000))
    [ "$window" -ge 10 ] || window=10
    rm -rf "$TMP/timed"
    total=0
    r=1
    while [ "$r" -le "$ROUNDS" ]; do
        S=$TMP/storm.$r
        cp -a "$P" "$S"
        k=0
        while [ "$k" -lt "$KILLS" ]; do
            "$BIN/c1" --site "$S" $RUN >/dev/null 2>&1 &
            pid=$!
            # a moment in 0 .. window ms
            ms=$(od -An -N2 -tu2 /dev/urandom | awk -v w="$window" '{ printf "%.3f", ($1 % w) / 1000 }')
            sleep "$ms"
            if kill -9 "$pid" 2>/dev/null; then
                wait "$pid" 2>/dev/null
                k=$((k + 1))
            else
                wait "$pid" 2>/dev/null
                break   # it had run to idle
            fi
        done
        total=$((total + k))
        C1_CRASH_AT= timeout 120 "$BIN/c1" --site "$S" $RUN >/dev/null 2>"$S.err" ||
            bad "round $r: the last run failed: $(head -3 "$S.err" | tr '\n' ' ')"
        check_site "$S" "round $r ($k kills)" >"$TMP/round.out"
        passed=$((passed + $(grep -c '^ok$' "$TMP/round.out")))
        grep -v '^ok$' "$TMP/round.out" | while read -r line; do echo "$NAME e2e: FAIL $line"; done
        failed=$((failed + $(grep -vc '^ok$' "$TMP/round.out")))
        rm -rf "$S" "$S.err" "$S.outputs"
        r=$((r + 1))
    done
    echo "crash e2e: SIGKILL storm: $total kills in $ROUNDS rounds (moments within ${window} ms)"
    finish
    exit $?
fi

# worker W: the crash points W, W + WORKERS*STEP, ...
WORKERS=${CRASH_WORKERS:-2}
worker() {
    n=$((1 + ($1 - 1) * STEP))
    while [ "$n" -le "$steps" ]; do
        crash_point "$n"
        n=$((n + WORKERS * STEP))
    done >"$TMP/worker.$1"
}
w=1
while [ "$w" -le "$WORKERS" ]; do
    worker "$w" &
    w=$((w + 1))
done
wait
points=$(cat "$TMP"/worker.* | grep -c '^point$')
passed=$((passed + $(cat "$TMP"/worker.* | grep -c '^ok$')))
cat "$TMP"/worker.* | grep -v '^ok$' | grep -v '^point$' | while read -r line; do
    echo "$NAME e2e: FAIL $line"
done
failed=$((failed + $(cat "$TMP"/worker.* | grep -v '^ok$' | grep -vc '^point$')))
echo "$NAME e2e: $points crash points of $steps durable steps covered"
finish
