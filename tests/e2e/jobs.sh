#!/bin/sh
# tests/e2e/jobs.sh: the teaching decks in jobs/, each run on a fresh site
# (in a temporary folder) the way a teacher would show it, with the lines
# of its $OUT, its job log and the dayfile that show the feature at work:
# record I/O (copy), a permanent dataset saved and accessed by another user
# (save, access), a STANDBY job preempted and restarted (standby), an abort
# and the error path (errexit), a user rollout restarted later (rollout),
# device reservations and the wait for them (tape); then every deck
# together in one queue, as tools/demo.sh runs them.
# Prints "jobs e2e: N passed, N failed" and exits 1 on any failure.
NAME=jobs
. tests/e2e/lib.sh

same() {   # same NAME FILE EXPECTED: the file holds exactly what EXPECTED holds
    if [ -s "$2" ] && cmp -s "$2" "$3"; then
        ok
    else
        bad "$1: $2 is not as expected"
        diff "$3" "$2" 2>&1 | head -10
    fi
}
line_of() {   # the number of the first line of FILE holding TEXT (0: none)
    n=$(grep -nF -- "$2" "$1" 2>/dev/null | head -1 | cut -d: -f1)
    echo "${n:-0}"
}
before() {   # before NAME FILE FIRST SECOND: FIRST is on an earlier line than SECOND
    a=$(line_of "$2" "$3")
    b=$(line_of "$2" "$4")
    if [ "$a" -gt 0 ] && [ "$b" -gt "$a" ]; then ok; else bad "$1: '$3' is not before '$4' in $2"; fi
}
clock_of() {   # the machine clock (decimal) of the first dayfile line holding TEXT
    c=$(grep -F -- "$2" "$1" 2>/dev/null | head -1 | cut -d' ' -f1 | sed 's/^0*//')
    echo "${c:-0}"
}
data_file() {   # data_file DECK N: the Nth data file of a deck (after N /EOF lines)
    awk -v want="$2" '/^\/EOF$/ { n++; next } n == want' "$1"
}

# 1. copy: $IN's data file, record by record, numbered into $OUT.
S=$TMP/copy
submit "$S" "$JOBS/copy.job"
boot "$S" --max-time 60
data_file "$JOBS/copy.job" 2 | awk '{ printf "%04d    %s\n", NR, $0 }' >"$TMP/copy.expected"
same "copy \$OUT" "$S/out/000001.COPY.out" "$TMP/copy.expected"
hasf "copy log" "$S/out/000001.COPY.log" "USER   RECORDS COPIED: 0005" "STEP COPY ENDED NORMALLY" \
    "END OF JOB"

# 2. save and access: ALICE saves NOTICE with PAM=R, BOB accesses it.
# Without its WAIT=, BOB's job alone finds nothing to access.
S=$TMP/alone
sed 's/,WAIT=NOTICE,OWN=ALICE//' "$JOBS/access.job" >"$TMP/nowait.job"
submit "$S" "$TMP/nowait.job"
boot "$S" --max-time 60
hasf "access alone" "$S/out/000001.ACCESS.log" "PD002 - PERMANENT DATASET NOTICE OF ALICE NOT FOUND"
# With it, alone, the job is held: the site goes idle with it queued, and
# says why; a later boot with save.job queued runs both.
S=$TMP/held
submit "$S" "$JOBS/access.job"
boot "$S" --max-time 60
hasf "held alone" "$S/dayfile" "HOLD     job 1 ACCESS user BOB waits for permanent dataset ALICE/NOTICE"
lacksf "held alone: not started" "$S/dayfile" "START    job 1 ACCESS"
[ -n "$(ls "$S"/queue/*.job 2>/dev/null)" ] && ok || bad "the held job left the queue"
submit "$S" "$JOBS/save.job"
boot "$S" --max-time 60
hasf "held, then released" "$(ls "$S"/out/*.ACCESS.log | head -1)" "PD000 - NOTICE ACCESSED AS NOTICE (OWNER ALICE)" \
    "END OF JOB"
# ALICE's NOTICE saved private (no PAM=R): BOB's job stays held, as if
# it did not exist (it started, telling BOB that ALICE has a NOTICE).
S=$TMP/private
sed 's/,PAM=R\././' "$JOBS/save.job" >"$TMP/private.job"
submit "$S" "$TMP/private.job"
boot "$S" --max-time 60
submit "$S" "$JOBS/access.job"
boot "$S" --max-time 60
[ -f "$S/pds/ALICE/NOTICE" ] && ok || bad "private: no permanent dataset pds/ALICE/NOTICE"
hasf "private: held" "$S/dayfile" "HOLD     job 2 ACCESS user BOB waits for permanent dataset ALICE/NOTICE"
lacksf "private: not started" "$S/dayfile" "START    job 2 ACCESS"
# Both in one 2-PC queue, BOB's first (as the demo submits them): BOB's
# waits until ALICE's has saved NOTICE.
S=$TMP/pds
submit "$S" "$JOBS/access.job" "$JOBS/save.job"
boot "$S" --max-time 60
sed -n "s/^L[0-9] *DATA *'\(.*\)'Z$/\1/p" "$JOBS/save.job" >"$TMP/notice.expected"
[ "$(wc -l <"$TMP/notice.expected")" -eq 4 ] && ok || bad "save.job's four notice lines not found"
hasf "save log" "$S/out/000002.SAVE.log" "USER   NOTICE WRITTEN: 4 RECORDS" \
    "PD000 - NOTICE SAVED AS NOTICE (OWNER ALICE)" "4 RECORDS, 1 FILES COPIED" "END OF JOB"
same "save \$OUT" "$S/out/000002.SAVE.out" "$TMP/notice.expected"
[ -f "$S/pds/ALICE/NOTICE" ] && ok || bad "no permanent dataset pds/ALICE/NOTICE"
before "held before save" "$S/dayfile" "HOLD     job 1 ACCESS" "START    job 2 SAVE"
hasf "access log" "$S/out/000001.ACCESS.log" "PD000 - NOTICE ACCESSED AS NOTICE (OWNER ALICE)" \
    "USER   OPEN FOR WRITING REFUSED: NOTICE IS ALICE'S" "USER   ALICE'S NOTICE COPIED TO \$OUT" \
    "END OF JOB"
same "access \$OUT" "$S/out/000001.ACCESS.out" "$TMP/notice.expected"

# AFTER=: a job of the same user named WRITER, submitted before, ends
# first, although a PC is free; another user's WRITER does not hold it.
S=$TMP/after
sed 's/^JOB,JN=SPIN,T=0.005/JOB,JN=WRITER,T=1/' "$JOBS/timeout.job" >"$TMP/writer.job"
sed 's/^JOB,JN=HELLO[^.]*/&,AFTER=WRITER/' "$JOBS/hello.job" >"$TMP/reader.job"
sed -e 's/US=ALICE/US=CAROL/' -e 's/A2        200000/A2        2000000/' "$TMP/writer.job" \
    >"$TMP/other.job"
submit "$S" "$TMP/other.job" "$TMP/writer.job" "$TMP/reader.job"
boot "$S" --max-time 60 --pcs 3
hasf "after: held" "$S/dayfile" "HOLD     job 3 HELLO user ALICE waits for job WRITER (2)"
before "after: the writer ends first" "$S/dayfile" "END      job 2 WRITER" "START    job 3 HELLO"
before "after: not the other user's" "$S/dayfile" "START    job 3 HELLO" "END      job 1 WRITER"
# Bad dependencies are refused at submission, with the reason.
sed 's/^JOB,JN=HELLO[^.]*/&,AFTER=TOOLONGNAME/' "$JOBS/hello.job" >"$TMP/badafter.job"
sed 's/^JOB,JN=HELLO[^.]*/&,WAIT=A:B:C:D:E/' "$JOBS/hello.job" >"$TMP/badwait.job"
sed 's/^JOB,JN=HELLO[^.]*/&,OWN=ALICE/' "$JOBS/hello.job" >"$TMP/badown.job"
for d in badafter badwait badown; do
    if "$BIN/c1sub" "$TMP/$d.job" --site "$S" >"$TMP/$d.out" 2>&1; then
        bad "c1sub queued $d.job"
    else
        hasf "c1sub refuses $d" "$TMP/$d.out" "JB010"
    fi
done
hasf "after= name" "$TMP/badafter.out" "AFTER=TOOLONGNAME: A JOB NAME IS 1-7 LETTERS AND DIGITS"
hasf "wait= count" "$TMP/badwait.out" "WAIT= WANTS 1-4 PERMANENT DATASET NAMES"

# 3. standby.  On a 1-PC site a regular job queued after it still runs
# first; the standby job runs when the PC is idle.
S=$TMP/standby
submit "$S" "$JOBS/standby.job" "$JOBS/hello.job"
boot "$S" --max-time 60 --pcs 1
before "regular work first" "$S/dayfile" "START    job 2 HELLO" "START    job 1 SOAK"
hasf "standby alone" "$S/dayfile" "END      job 1 SOAK user CAROL"
hasf "standby log" "$S/out/000001.SOAK.log" "CLASS STANDBY" "USER   ALL FOUR PARTS SUMMED" "END OF JOB"
cp "$S/out/000001.SOAK.out" "$TMP/soak.expected"
[ "$(wc -l <"$TMP/soak.expected")" -eq 4 ] && ok || bad "SOAK's \$OUT is not four lines"
# Preempted: while it runs on a 1-PC site, the operator restarts a
# regular job's dropfile (SPIN, out of time on another site) at clock
# 1000000 (it stops at the next instruction boundary, 1000001: record
# I/O costs clocks by the words it moves).  The regular job takes the PC,
# the standby job is dropped,
# requeued and restarted by itself when the PC is idle, and ends with
# the $OUT of an uninterrupted run.
Z=$TMP/spin
submit "$Z" "$JOBS/timeout.job"
boot "$Z" --max-time 60
spin=$(ls "$Z"/drop/SPIN.*.drop 2>/dev/null | head -1)
[ -n "$spin" ] && ok || bad "timeout.job left no dropfile"
S=$TMP/preempt
submit "$S" "$JOBS/standby.job"
cp -r "$S" "$TMP/preempt2"
echo "@1000000 RESTART $spin T=1" >"$TMP/preempt.script"
boot "$S" --max-time 60 --pcs 1 --script "$TMP/preempt.script"
D=$S/dayfile
hasf "preemption" "$D" "START    job 1 SOAK user CAROL on PC 0" \
    "OPERATOR script: RESTART $spin T=1" "RESTART  job 2 SPIN" \
    "DROP     job 1 SOAK reason preemption file drop/SOAK.000001.1.drop used 1000001 clocks" \
    "REQUEUE  job 1 SOAK queued for automatic restart" \
    "RESTART  job 3 SOAK (was 1 at PREEMPT) user CAROL" "END      job 2 SPIN" \
    "END      job 3 SOAK user CAROL"
before "preempted job waits" "$D" "START    job 2 SPIN" "START    job 3 SOAK"
before "restarted when idle" "$D" "END      job 2 SPIN" "START    job 3 SOAK"
[ "$(clock_of "$D" "START    job 3 SOAK")" = "$(clock_of "$D" "END      job 2 SPIN")" ] &&
    ok || bad "SOAK did not restart at the clock the PC became idle"
"$BIN/dropfile" info "$S/drop/SOAK.000001.1.drop" >"$TMP/soak.info" 2>&1
hasf "preemption dropfile" "$TMP/soak.info" "dropped   preemption at clock 1000001" "class STANDBY"
hasf "preempted run's log" "$S/out/000001.SOAK.log" "JOB DROPPED: RESTART WITH"
hasf "restarted log" "$S/out/000001.SOAK-2.log" "JOB RESTARTED ON PC 0" "USER   ALL FOUR PARTS SUMMED" \
    "END OF JOB"
same "preempted \$OUT" "$S/out/000001.SOAK-2.out" "$TMP/soak.expected"
# ... and deterministic: a copy of the site with the same script gives the
# same dayfile (wall clock aside).
boot "$TMP/preempt2" --max-time 60 --pcs 1 --script "$TMP/preempt.script"
sed 's/  |.*//; s/PREEMPT2/PREEMPT/' "$TMP/preempt2/dayfile" >"$TMP/day2"
sed 's/  |.*//' "$D" >"$TMP/day1"
same "preemption replays" "$TMP/day2" "$TMP/day1"

# 4. errexit: an operand range error, the abort block, the error path.
S=$TMP/errexit
submit "$S" "$JOBS/errexit.job"
boot "$S" --max-time 60
L=$S/out/000001.OOPS.log
hasf "abort" "$L" "USER   SUMMING THE TABLE" "ABORT  AB002 - OPERAND RANGE ERROR" \
    "EXP    DF000 - DROPFILE drop/OOPS.000001.1.drop WRITTEN (error)" "ABORT  JOB STEP ABORTED." \
    "CSP    ERROR PATH: CONTINUING AFTER EXIT" "CSP    DUMPJOB." \
    "DUMP   EXCHANGE PACKAGE OF SUMTAB AT P=" "CSP    SKIPF,DN=\$IN." "END OF JOB"
has "abort block" "$L" "ABORT  P=[0-7]\{8\}  BASE=00000000  LIMIT=00010000  CPU=0"
# A1, the index, in the exchange package's word 01: 7570 octal (TABLE is
# word 210 octal, the program at 0200, and 210 + 7570 = 10000 is the first
# word past the field).
has "dump" "$L" "DUMP   00 [0-7]\{22\}  01 0*7570$"
lacksf "steps skipped" "$L" "SET(J1=0)"
lacksf "no dump refused" "$L" "NO PROGRAM TO DUMP"
data_file "$JOBS/errexit.job" 3 >"$TMP/errexit.expected"
same "error path \$OUT" "$S/out/000001.OOPS.out" "$TMP/errexit.expected"
hasf "errexit dayfile" "$S/dayfile" "ABORT    job 1 OOPS step SUMTAB: AB002 OPERAND RANGE ERROR" \
    "END      job 1 OOPS user ALICE"
"$BIN/dropfile" verify "$S/drop/OOPS.000001.1.drop" >/dev/null 2>&1 && ok ||
    bad "dropfile verify OOPS.000001.1.drop"

# 5. rollout: F$UROLL writes a dropfile and the job goes on; the dropfile,
# restarted later on another site, writes the same $OUT.
S=$TMP/rollout
submit "$S" "$JOBS/rollout.job"
boot "$S" --max-time 60
hasf "rollout dayfile" "$S/dayfile" \
    "DROP     job 1 ROLL reason user-rollout file drop/ROLL.000001.1.drop" "(job goes on)" \
    "END      job 1 ROLL user DAVE"
hasf "rollout log" "$S/out/000001.ROLL.log" \
    "EXP    DF000 - DROPFILE drop/ROLL.000001.1.drop WRITTEN (user-rollout)" \
    "USER   CHECKPOINT WRITTEN: STAGE 1 DONE" "USER   STAGE 2 DONE" "END OF JOB"
[ "$(wc -l <"$S/out/000001.ROLL.out")" -eq 2 ] && ok || bad "ROLL's \$OUT is not two lines"
R=$TMP/later
"$BIN/c1sub" --restart "$S/drop/ROLL.000001.1.drop" --site "$R" >/dev/null || bad "c1sub --restart ROLL"
boot "$R" --max-time 60
hasf "rollout restart" "$R/dayfile" "RESTART  job 1 ROLL (was 1 at ROLLOUT) user DAVE" \
    "END      job 1 ROLL user DAVE"
hasf "restarted rollout log" "$R/out/000001.ROLL.log" "JOB RESTARTED ON PC 0" \
    "USER   STAGE 2 DONE" "END OF JOB"
same "rollout \$OUT" "$R/out/000001.ROLL.out" "$S/out/000001.ROLL.out"

# 6. tape: three jobs with *TAPE=2 on a 3-PC site with 4 tape units: two
# run at once, the third waits (its PC idle, a WAIT line in the dayfile)
# until the first ends.
S=$TMP/tape
submit "$S" "$JOBS/tape.job" "$JOBS/tape.job" "$JOBS/tape.job"
printf '@50000 STATUS\n@50000 QUEUE\n' >"$TMP/tape.script"
boot "$S" --max-time 60 --pcs 3 --script "$TMP/tape.script"
D=$S/dayfile
hasf "two tape jobs at once" "$D" "000000000000 START    job 1 TAPE user ERIN on PC 0" \
    "000000000000 START    job 2 TAPE user ERIN on PC 1"
has "the third waits" "$S.console" "^PC 2  idle"
has "the third queued" "$S.console" "^BATCH   job 3 TAPE "
before "third after first" "$D" "END      job 1 TAPE" "START    job 3 TAPE"
hasf "the third's wait in the dayfile" "$D" \
    "000000000000 WAIT     job 3 TAPE waits for units: TAPE=2 (0 of 4 free)"
n=$(grep -c "WAIT     job 3 TAPE" "$D")
[ "$n" = 1 ] && ok || bad "job 3's wait noted $n times, expected once"
c3=$(clock_of "$D" "START    job 3 TAPE")
[ "$c3" -gt 0 ] && [ "$c3" = "$(clock_of "$D" "END      job 1 TAPE")" ] && ok ||
    bad "job 3 did not start when job 1 gave its tapes back"
hasf "tape log" "$S/out/000003.TAPE.log" "*TAPE=2" "USER   2 TAPE UNITS RESERVED: COPYING" "END OF JOB"
hasf "tape \$OUT" "$S/out/000003.TAPE.out" "20000 BLOCKS COPIED FROM TAPE TO TAPE"
# A job waiting for devices does not want a PC: a STANDBY job may use the
# idle one meanwhile, and is not preempted for the waiting job.
S=$TMP/tapesoak
submit "$S" "$JOBS/tape.job" "$JOBS/tape.job" "$JOBS/tape.job" "$JOBS/standby.job"
boot "$S" --max-time 60 --pcs 3
D=$S/dayfile
hasf "standby beside a device wait" "$D" "000000000000 START    job 4 SOAK user CAROL on PC 2" \
    "END      job 3 TAPE" "END      job 4 SOAK"
lacksf "no preemption for a device wait" "$D" "reason preemption"
same "standby beside a device wait" "$S/out/000004.SOAK.out" "$TMP/soak.expected"
# More units than the site has: the deck is rejected.
sed 's/\*TAPE=2/*TAPE=5/' "$JOBS/tape.job" >"$TMP/tape5.job"
S=$TMP/tape5
# More units than the site has: c1sub refuses the deck (limits.sh checks
# the site's own rejection of one put in the queue by hand).
if "$BIN/c1sub" "$TMP/tape5.job" --site "$S" >"$TMP/tape5.out" 2>&1; then
    bad "c1sub queued a deck reserving 5 of the site's 4 tapes"
else
    hasf "too many tapes" "$TMP/tape5.out" "JB007 TAPE=5 EXCEEDS THE SITE'S 4 UNITS"
fi

# 7. Every deck in one 2-PC queue, as tools/demo.sh runs them: each job
# ends (SPIN is dropped at its time limit), ACCESS finds ALICE's NOTICE,
# the STANDBY job finishes, and the queue is empty.
S=$TMP/all
submit "$S" "$JOBS"/*.job
boot "$S" --max-time 60
D=$S/dayfile
n=$(grep -c " QUEUED " "$D")
e=$(grep -c -e " END " -e " DROP .* reason time-limit" "$D")
[ "$n" -eq "$(ls "$JOBS"/*.job | wc -l)" ] && [ "$e" -eq "$n" ] && ok ||
    bad "all decks: $n queued, $e ended or dropped"
for w in ABORTED REJECT REFUSED DROPFAIL; do lacksf "all decks" "$D" " $w "; done
hasf "all decks" "$D" "END      job" "reason time-limit"
same "all decks: access" "$(ls "$S"/out/*.ACCESS.out 2>/dev/null)" "$TMP/notice.expected"
same "all decks: standby" "$(ls "$S"/out/*.SOAK.out 2>/dev/null)" "$TMP/soak.expected"
ls "$S"/queue/* >/dev/null 2>&1 && bad "all decks: queue not empty" || ok

# INCLUDE in a CAL step reads a local dataset of the job.
I=$TMP/include
submit "$I" tests/e2e/decks/include.job
boot "$I"
has "include" "$I/out/000001.INCL.log" "USER   INCLUDED TEXT" "END OF JOB"

finish
