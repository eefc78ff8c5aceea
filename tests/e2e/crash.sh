#!/bin/sh
# tests/e2e/crash.sh: crash injection at every durable step, as SQLite's
# crash tests and FoundationDB's simulation do it.
#
# A site is prepared with a mixed workload (record I/O, a SAVE of a
# permanent dataset, a user rollout, a time-limit drop, a STANDBY job that a
# restart preempts, a restart of a dropfile).  Run once in full, it takes S
# durable steps (os/disk: every write, fsync, rename, unlink, folder of the
# site).  Then for every N in 1..S: a fresh copy of the prepared site is run
# with C1_CRASH_AT=N, so c1 stops dead (exit 86) just before its Nth step,
# as at a power cut; c1 is booted again on what is left and runs until
# idle.  After each, the site must show:
#   - every job ended exactly once (one END or ABORTED line, one log);
#   - no queue entry left, no temporary file left;
#   - every dropfile whole (dropfile verify);
#   - the dayfile's machine clock never going back;
#   - the same outputs ($OUT of every job) as the run without a crash.
# CRASH_STEP=K runs every Kth step only (make test uses 1: every step).
# Prints "crash e2e: N passed, N failed" and the number of crash points.
NAME=crash
. tests/e2e/lib.sh
STEP=${CRASH_STEP:-1}
# The sites in memory when the host has /dev/shm: an fsync there costs
# nothing, and a crash point is the same step whatever the disk.
SHM=$(mktemp -d -p /dev/shm 2>/dev/null) && at_exit "rm -rf '$SHM'" && TMP=$SHM

# A dropfile to restart (SPIN at its limit), made on a site of its own.
D=$TMP/donor
"$BIN/c1sub" --site "$D" "$JOBS/timeout.job" >/dev/null
"$BIN/c1" --site "$D" --until-idle >/dev/null 2>&1
spin=$(ls "$D"/drop/SPIN.*.drop 2>/dev/null | head -1)
[ -n "$spin" ] || { bad "no donor dropfile"; give_up; }
cp "$spin" "$TMP/spin.drop"

# The prepared site: five decks, then the restart request.
P=$TMP/prepared
for deck in standby copy save rollout timeout; do
    "$BIN/c1sub" --site "$P" "$JOBS/$deck.job" >/dev/null || { bad "c1sub $deck"; }
done
"$BIN/c1sub" --site "$P" --restart "$TMP/spin.drop" --time 1 >/dev/null || bad "c1sub --restart"
RUN="--pcs 1 --until-idle"

# The run without a crash: its step count and its outputs.
cp -a "$P" "$TMP/whole"
C1_CRASH_AT=0 "$BIN/c1" --site "$TMP/whole" $RUN >/dev/null 2>"$TMP/whole.err" ||
    { bad "the run without a crash failed: $(cat "$TMP/whole.err")"; }
steps=$(sed -n 's/^disk: \([0-9]*\) durable steps$/\1/p' "$TMP/whole.err")
[ -n "$steps" ] && [ "$steps" -gt 0 ] && ok || { bad "c1 reported no step count (C1_CRASH_AT=0)"; steps=0; }
ended=$(grep -cE ' (END|ABORTED) +job ' "$TMP/whole/dayfile")

# outputs SITE: one line per job output, "NAME sum", sorted
outputs() {
    for f in "$1"/out/*.out; do
        [ -e "$f" ] || continue
        name=$(basename "$f" | sed 's/^[0-9]*\.//')
        echo "$name $(cksum <"$f")"
    done | sort
}
outputs "$TMP/whole" >"$TMP/whole.outputs"

check_site() {   # check_site SITE N
    s=$1 n=$2
    leftover=$(find "$s" -name '.*.tmp.*' | head -3)
    [ -z "$leftover" ] && ok || bad "step $n: temporary files left: $leftover"
    entries=$(ls "$s/queue" | grep -E '^[0-9]+\.(job|drop)$' | head -3)
    [ -z "$entries" ] && ok || bad "step $n: queue entries left: $entries"
    # every job ended once: as many END/ABORTED lines as the whole run, no job twice
    e=$(grep -cE ' (END|ABORTED) +job ' "$s/dayfile")
    twice=$(grep -E ' (END|ABORTED) +job ' "$s/dayfile" | awk '{print $4, $5}' | sort | uniq -d | head -3)
    [ "$e" = "$ended" ] && [ -z "$twice" ] && ok ||
        bad "step $n: $e jobs ended (expected $ended)${twice:+, twice: $twice}"
    logs=$(ls "$s/out" | grep -c '\.log$')
    whole_logs=$(ls "$TMP/whole/out" | grep -c '\.log$')
    [ "$logs" = "$whole_logs" ] && ok || bad "step $n: $logs job logs (expected $whole_logs)"
    for f in "$s"/drop/*.drop; do
        [ -e "$f" ] || continue
        "$BIN/dropfile" verify "$f" >/dev/null 2>&1 || bad "step $n: damaged dropfile $f"
    done
    back=$(awk '{ c = $1 + 0; if (c < last) { print NR ": " $0; exit } last = c }' "$s/dayfile")
    [ -z "$back" ] && ok || bad "step $n: the dayfile clock went back at line $back"
    outputs "$s" >"$TMP/outputs"
    cmp -s "$TMP/outputs" "$TMP/whole.outputs" && ok ||
        bad "step $n: outputs differ from the run without a crash: $(diff "$TMP/whole.outputs" "$TMP/outputs" | head -4 | tr '\n' ' ')"
}

points=0
n=1
while [ "$n" -le "$steps" ]; do
    S=$TMP/crash
    rm -rf "$S"
    cp -a "$P" "$S"
    C1_CRASH_AT=$n "$BIN/c1" --site "$S" $RUN >/dev/null 2>&1
    status=$?
    if [ $status -ne 86 ]; then
        bad "step $n: c1 did not stop at its crash point (exit $status)"
    else
        points=$((points + 1))
        C1_CRASH_AT= timeout 120 "$BIN/c1" --site "$S" $RUN >/dev/null 2>"$TMP/reboot.err" ||
            bad "step $n: the reboot failed: $(head -3 "$TMP/reboot.err")"
        check_site "$S" "$n"
    fi
    n=$((n + STEP))
done
echo "crash e2e: $points crash points of $steps durable steps covered"
finish
