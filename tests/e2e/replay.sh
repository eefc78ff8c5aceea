#!/bin/sh
# tests/e2e/replay.sh: `c1 --replay` end to end.  A small hand-made trace
# (with a malformed line, a job past its limit and a queue number) and the
# first 300 jobs of the KTH trace: the report and CSV, the limit kills
# dropped as dropfiles the dropfile utility can read, the same dayfile from
# the same trace twice, the fsyncs per job with group commit and with one
# fsync per file, and the refusals of bad options and missing traces.
NAME=replay
. tests/e2e/lib.sh
# The dayfile without its host wall-clock column (after '|').
dayfile_clocks() { sed 's/|.*//' "$1"; }

mkdir -p "$TMP/s1" "$TMP/s2"
cat > "$TMP/small.swf" <<'SWF'
; Version: 2.2
; Computer: Small test machine
; MaxProcs: 4
    1     0   0   100  2 -1 -1  2   200 -1 1 1 1 -1 -1 -1 -1 -1
    2    10   0   400  2 -1 -1  2   200 -1 0 2 1 -1 -1 -1 -1 -1
    3    20   0    50  4 -1 -1  4   100 -1 1 1 1 -1  2 -1 -1 -1
    4    30 abc    10  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1
    5    40   0    30  1 -1 -1  1    60 -1 1 1 1 -1 -1 -1 -1 -1
SWF

# 1. the small trace: report, CSV, one drop, the malformed line named.
"$BIN/c1" --site "$TMP/s1/site" --replay "$TMP/small.swf" --time-scale 1000 --report "$TMP/s1.csv" \
    > "$TMP/s1.out" 2> "$TMP/s1.err"
[ $? -eq 0 ] && ok || bad "small replay exit status"
has small-report "$TMP/s1.out" "replay of 4 trace jobs (Small test machine" \
    "malformed trace lines skipped: 1" "PC 0 utilisation" "PC 1 utilisation" \
    "^all  *4 " "^Q2  *1 " "host time"
has small-stderr "$TMP/s1.err" "small.swf:7:"
has small-csv "$TMP/s1.csv" "class,jobs,wait_mean" "^all,4," "^Q2,1,"
has small-dayfile "$TMP/s1/site/dayfile" "DROP     job 2 J2 reason time-limit"
drops=$(grep -c "reason time-limit" "$TMP/s1/site/dayfile")
[ "$drops" = 1 ] && ok || bad "small replay: $drops time-limit drops, expected 1"
drop=$(ls "$TMP"/s1/site/drop/*.drop 2>/dev/null | head -1)
if [ -n "$drop" ] && "$BIN/dropfile" info "$drop" > "$TMP/show.out" 2>&1; then
    has dropfile-show "$TMP/show.out" "J2"
else
    bad "no readable dropfile for job 2 (${drop:-none})"
fi

# 2. deterministic: the same trace and options give the same dayfile (the
#    site has the same name, SITE, in another directory).
"$BIN/c1" --site "$TMP/s2/site" --replay "$TMP/small.swf" --time-scale 1000 > /dev/null 2>&1
if dayfile_clocks "$TMP/s1/site/dayfile" > "$TMP/d1" && dayfile_clocks "$TMP/s2/site/dayfile" > "$TMP/d2" \
    && cmp -s "$TMP/d1" "$TMP/d2"; then ok; else bad "two replays of one trace differ"; fi

# 2b. one line per trace job with --jobs-csv: the header and the 4 jobs.
"$BIN/c1" --site "$TMP/s2b" --replay "$TMP/small.swf" --time-scale 1000 \
    --jobs-csv "$TMP/jobs.csv" > /dev/null 2>&1
has jobs-csv "$TMP/jobs.csv" "^trace_job,job,pc,arrival,start,end,wait,trace_wait,"
[ "$(grep -c '^[0-9]' "$TMP/jobs.csv")" = 4 ] && ok || bad "--jobs-csv: not one line per job"
[ "$(grep -c ',1$' "$TMP/jobs.csv")" = 1 ] && ok || bad "--jobs-csv: not one dropped job"

# 3. wall mapping: each job runs its recorded time whatever its processors.
"$BIN/c1" --site "$TMP/s3" --replay "$TMP/small.swf" --time-scale 1000 --proc-map wall > "$TMP/s3.out" 2>&1
has wall-map "$TMP/s3.out" "processors mapped by wall"

# 4. a slice of the KTH trace: --from and --jobs.
#    The trace is kept gzip-compressed; it is decompressed into $TMP.
KTH_GZ=data/traces/KTH-SP2-1996-2.1-cln.swf.gz
KTH=$TMP/KTH-SP2-1996-2.1-cln.swf
if [ -f "$KTH_GZ" ] && gzip -dc "$KTH_GZ" > "$KTH"; then
    "$BIN/c1" --site "$TMP/kth" --replay "$KTH" --jobs 300 --from 101 --report "$TMP/kth.csv" \
        > "$TMP/kth.out" 2>&1
    [ $? -eq 0 ] && ok || bad "KTH slice exit status"
    has kth "$TMP/kth.out" "replay of 300 trace jobs (IBM SP2" "^all  *300 "
    grep -q "^all,300," "$TMP/kth.csv" && ok || bad "KTH slice CSV"
    limits=$(awk '$1 == "all" { print $NF }' "$TMP/kth.out")
    drops=$(grep -c "reason time-limit" "$TMP/kth/dayfile")
    [ -n "$limits" ] && [ "$drops" = "$limits" ] && ok \
        || bad "KTH slice: $drops drops, the trace shows ${limits:-?} limit stops"
    # The live display (--display, SDL's dummy driver): the same report,
    #    the same dayfile (machine clocks and events) as without it.
    SDL_VIDEODRIVER=dummy "$BIN/c1" --site "$TMP/kthd" --replay "$KTH" --jobs 300 --from 101 \
        --report "$TMP/kthd.csv" --display > "$TMP/kthd.out" 2>&1
    [ $? -eq 0 ] && ok || bad "KTH slice with --display: $(head -3 "$TMP/kthd.out")"
    cmp -s "$TMP/kth.csv" "$TMP/kthd.csv" && ok || bad "--display changed the replay's report"
    sed 's/  |.*//; /BOOT\|STOP\|SHUTDOWN/d' "$TMP/kth/dayfile" > "$TMP/kth.events"
    sed 's/  |.*//; /BOOT\|STOP\|SHUTDOWN/d' "$TMP/kthd/dayfile" > "$TMP/kthd.events"
    cmp -s "$TMP/kth.events" "$TMP/kthd.events" && ok || bad "--display changed the replay's dayfile"
    # 4b. the fsyncs per job: group commit (the default) makes fewer than
    #     one fsync per file (C1_FSYNC=file), and both give the same report
    #     and dayfile (a site of the same name in another folder).
    has kth-fsyncs "$TMP/kth.out" "^fsyncs [0-9]* ([0-9.]* per job), group commit, [0-9]* commits"
    mkdir -p "$TMP/file"
    C1_FSYNC=file "$BIN/c1" --site "$TMP/file/kth" --replay "$KTH" --jobs 300 --from 101 \
        > "$TMP/kth-file.out" 2>&1
    has kth-file-fsyncs "$TMP/kth-file.out" "^fsyncs [0-9]* ([0-9.]* per job), one per file"
    group=$(sed -n 's/^fsyncs \([0-9]*\) .*/\1/p' "$TMP/kth.out")
    each=$(sed -n 's/^fsyncs \([0-9]*\) .*/\1/p' "$TMP/kth-file.out")
    [ -n "$group" ] && [ -n "$each" ] && [ $((group * 3)) -lt "$each" ] && ok \
        || bad "group commit: ${group:-?} fsyncs, not under a third of the ${each:-?} of a fsync per file"
    grep -v -e '^host time' -e '^fsyncs' "$TMP/kth.out" > "$TMP/kth.report"
    grep -v -e '^host time' -e '^fsyncs' "$TMP/kth-file.out" > "$TMP/kth-file.report"
    cmp -s "$TMP/kth.report" "$TMP/kth-file.report" && ok || bad "group commit changed the report"
    dayfile_clocks "$TMP/kth/dayfile" > "$TMP/kd1"
    dayfile_clocks "$TMP/file/kth/dayfile" > "$TMP/kd2"
    cmp -s "$TMP/kd1" "$TMP/kd2" && ok || bad "group commit changed the dayfile"
else
    bad "no KTH trace at $KTH_GZ (or gzip cannot read it)"
fi

# 5. bad input: each refused with exit status 2 and a message.
refuse() {
    name=$1 pattern=$2
    shift 2
    "$BIN/c1" "$@" > "$TMP/r.out" 2>&1
    status=$?
    [ $status -eq 2 ] || { bad "$name: exit status $status"; return; }
    has "$name" "$TMP/r.out" "$pattern"
}
refuse no-trace "cannot\|No such" --site "$TMP/r1" --replay "$TMP/missing.swf"
refuse bad-scale "time-scale" --site "$TMP/r2" --replay "$TMP/small.swf" --time-scale -3
refuse bad-map "proc-map" --site "$TMP/r3" --replay "$TMP/small.swf" --proc-map gang
refuse bad-jobs "jobs" --site "$TMP/r4" --replay "$TMP/small.swf" --jobs 0
refuse no-site "--replay wants --site DIR" --replay "$TMP/small.swf"

finish
