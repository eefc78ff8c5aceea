#!/bin/sh
# tests/e2e/restart.sh: restarts that must be refused, each with a message
# naming the reason (a feature the target model lacks, a field larger than
# its memory, a damaged dropfile, a permanent dataset changed since the
# drop), and the --force that overrides the last, recorded in the dayfile;
# and drops the disk refuses: at a time limit the job is aborted, at a
# preemption the STANDBY job runs on; each tried once.
NAME=restart
. tests/e2e/lib.sh

# A program that uses an X-MP gather, then spins past its time limit.
cat > "$TMP/gather.job" <<'DECK'
JOB,JN=GATHER,T=0.001,MFL=4096.
CAL.
LDR.
/EOF
         IDENT     GATHER
         START     GO
GO       A1        8
         VL        A1
         A0        TABLE
         V1        ,A0,V2          gather (X-MP only)
         A2        1000000
LOOP     A2        A2-1
         A0        A2
         JAN       LOOP
         EX
TABLE    BSS       64
         END
DECK
X=$TMP/xmp
"$BIN/c1sub" "$TMP/gather.job" --site "$X" >/dev/null
"$BIN/c1" --site "$X" --model xmp --until-idle
drop=$(ls "$X"/drop/GATHER.*.drop 2>/dev/null | head -1)
[ -n "$drop" ] && ok || bad "no dropfile from the X-MP site"
"$BIN/dropfile" info "$drop" | grep -q "features used: gather" && ok || bad "gather not among the features used"
C=$TMP/cray1
"$BIN/c1sub" --no-check --restart "$drop" --site "$C" --time 1 >/dev/null
"$BIN/c1" --site "$C" --model cray1 --until-idle
has "feature refused" "$C/dayfile" "REFUSED" "gather"

# A field larger than the target's memory.
sed 's/MFL=4096/MFL=65536/' "$TMP/gather.job" > "$TMP/big.job"
B=$TMP/big
"$BIN/c1sub" "$TMP/big.job" --site "$B" >/dev/null
"$BIN/c1" --site "$B" --model xmp --until-idle
drop=$(ls "$B"/drop/GATHER.*.drop | head -1)
S=$TMP/small
# A restart whose time is used up is refused at submission, saying why.
"$BIN/c1sub" --restart "$drop" --site "$X" --time 0.000001 >/dev/null 2>"$TMP/late.err" &&
    bad "c1sub queued a restart whose time is used up" || ok
hasf "time used up" "$TMP/late.err" "the site would refuse it: time limit" "already used"
"$BIN/c1sub" --no-check --restart "$drop" --site "$S" --time 1 >/dev/null
"$BIN/c1" --site "$S" --model xmp --memory 32768 --until-idle
has "field refused" "$S/dayfile" "REFUSED" "65536"

# A damaged dropfile put in the queue by hand (c1sub would refuse it).
mkdir -p "$S/queue"
cp "$drop" "$S/queue/000050.drop"
printf '\377' | dd of="$S/queue/000050.drop" bs=1 seek=200 conv=notrunc 2>/dev/null
"$BIN/c1" --site "$S" --model xmp --until-idle
has "damage refused" "$S/dayfile" "REFUSED  restart 000050.drop"
printf '\377' | dd of="$TMP/damaged.drop" bs=1 count=0 2>/dev/null
cp "$drop" "$TMP/damaged.drop"
printf '\377' | dd of="$TMP/damaged.drop" bs=1 seek=200 conv=notrunc 2>/dev/null
"$BIN/c1sub" --restart "$TMP/damaged.drop" --site "$S" >/dev/null 2>"$TMP/err" && bad "c1sub took a damaged dropfile" || ok
grep -q "checksum\|damaged\|malformed" "$TMP/err" && ok || bad "c1sub's refusal does not name the damage: $(cat "$TMP/err")"

# A permanent dataset changed since the drop: refused, then --force.
cat > "$TMP/save.job" <<'DECK'
JOB,JN=SAVER,T=1,US=ALICE.
COPYF,I=$IN,O=DATA.
SAVE,DN=DATA,PDN=NUMBERS.
/EOF
one
two
/EOF
DECK
cat > "$TMP/user.job" <<'DECK'
JOB,JN=USER,T=0.001,US=ALICE,CL=BATCH.
ACCESS,DN=DATA,PDN=NUMBERS.
CAL.
LDR.
/EOF
         IDENT     USER
         START     GO
GO       A2        1000000
LOOP     A2        A2-1
         A0        A2
         JAN       LOOP
         EX
         END
DECK
P=$TMP/pds
"$BIN/c1sub" "$TMP/save.job" --site "$P" >/dev/null
"$BIN/c1" --site "$P" --until-idle --pcs 1
"$BIN/c1sub" "$TMP/user.job" --site "$P" >/dev/null
"$BIN/c1" --site "$P" --until-idle --pcs 1
drop=$(ls "$P"/drop/USER.*.drop | head -1)
[ -n "$drop" ] && ok || bad "the dataset user was not dropped"
sed 's/^two$/three/' "$TMP/save.job" > "$TMP/resave.job"
"$BIN/c1sub" "$TMP/resave.job" --site "$P" >/dev/null
"$BIN/c1sub" --restart "$drop" --site "$P" --time 1 >/dev/null
"$BIN/c1" --site "$P" --until-idle --pcs 1
has "changed pds refused" "$P/dayfile" "REFUSED" "NUMBERS"
"$BIN/c1sub" --restart "$drop" --site "$P" --time 1 --force >/dev/null
"$BIN/c1" --site "$P" --until-idle --pcs 1
has "forced restart" "$P/dayfile" "(--force)" "FORCED   job" "has changed since the drop" "END      job"

# dropfile move: into another site's queue, restarted there at its boot;
# dropfile clone: copies that run side by side on two sites.
M=$TMP/m
sed 's/T=0.005/T=2/' jobs/timeout.job > "$TMP/spin2.job"
"$BIN/c1sub" "$TMP/spin2.job" --site "$M" >/dev/null
printf '@300000 DROP 1\n' > "$TMP/dropscript"
"$BIN/c1" --site "$M" --script "$TMP/dropscript" >/dev/null
drop=$(ls "$M"/drop/SPIN.*.drop | head -1)
"$BIN/dropfile" clone "$drop" -n 2 >/dev/null || bad "clone"
base=${drop%.drop}
[ -f "$base-1.drop" ] && [ -f "$base-2.drop" ] && ok || bad "clone did not write two copies"
mkdir -p "$TMP/n1/queue" "$TMP/n2"
"$BIN/dropfile" move "$base-1.drop" --site "$TMP/n1" >/dev/null || bad "move"
[ -f "$base-1.drop" ] && bad "move left the file" || ok
ls "$TMP"/n1/queue/*.drop >/dev/null 2>&1 && ok || bad "move put nothing in the queue"
"$BIN/c1sub" --restart "$base-2.drop" --site "$TMP/n2" --time 2 >/dev/null
"$BIN/dropfile" rehost "$(ls "$TMP"/n1/queue/*.drop)" --user ZOE >/dev/null || bad "rehost"
"$BIN/c1" --site "$TMP/n1" --until-idle
"$BIN/c1" --site "$TMP/n2" --until-idle
has "moved copy" "$TMP/n1/dayfile" "RESTART  job 1 SPIN (was 1-1 at M) user ZOE" "END      job 1 SPIN user ZOE"
has "cloned copy" "$TMP/n2/dayfile" "RESTART  job 1 SPIN (was 1-2 at M)" "END      job 1 SPIN"

# A site whose folder is not a folder (SITE/drop a file) does not boot: it
# never writes through what it does not own.
B=$TMP/badfolder
"$BIN/c1sub" --site "$B" jobs/hello.job >/dev/null
rm -rf "$B/drop" && touch "$B/drop"
out=$(timeout 60 "$BIN/c1" --site "$B" --until-idle 2>&1)
[ $? -ne 0 ] && ok || bad "c1 booted a site whose drop folder is a file"
echo "$out" | grep -q "drop: something else (a file or a link) is there" && ok ||
    bad "no reason given for a drop folder that is a file: $out"

# A drop the site's disk refuses (the dropfile's name is taken by a
# folder): the job at its time limit is aborted with the reason in its log,
# once, and the site goes on with its other jobs (it used to retry the drop
# forever).
F=$TMP/nodrop
"$BIN/c1sub" --site "$F" jobs/timeout.job >/dev/null && "$BIN/c1sub" --site "$F" jobs/hello.job >/dev/null
mkdir "$F/drop/SPIN.000001.1.drop"
timeout 60 "$BIN/c1" --site "$F" --until-idle >/dev/null 2>&1
[ $? -eq 0 ] && ok || bad "c1 did not stop when the drop failed"
has "failed drop dayfile" "$F/dayfile" "DROPFAIL job 1 SPIN: cannot write drop/SPIN.000001.1.drop: File exists" "ABORTED  job 1 SPIN" \
    "END      job 2 HELLO"
n=$(grep -c "DROPFAIL" "$F/dayfile")
[ "$n" = 1 ] && ok || bad "failed drop tried $n times, expected once"
has "failed drop log" "$F/out/000001.SPIN.log" "DF001 - DROPFILE NOT WRITTEN" \
    "TL003 - NO DROPFILE: JOB ABORTED AT ITS TIME LIMIT" "JOB ABORTED"
grep -q "DF000" "$F/out/000001.SPIN.log" && bad "failed drop log claims a dropfile (DF000)" || ok

# A STANDBY job whose preemption drop fails runs on to its end, tried
# once; the regular job that wanted its PC starts after it.
G=$TMP/spinsite
"$BIN/c1sub" --site "$G" jobs/timeout.job >/dev/null && "$BIN/c1" --site "$G" --until-idle >/dev/null 2>&1
spin=$(ls "$G"/drop/SPIN.*.drop 2>/dev/null | head -1)
P=$TMP/nopreempt
"$BIN/c1sub" --site "$P" jobs/standby.job >/dev/null
mkdir "$P/drop/SOAK.000001.1.drop"
echo "@1000000 RESTART $spin T=1" > "$TMP/nopreempt.script"
timeout 60 "$BIN/c1" --site "$P" --pcs 1 --script "$TMP/nopreempt.script" --until-idle >/dev/null 2>&1
n=$(grep -c "DROPFAIL job 1 SOAK" "$P/dayfile")
[ "$n" = 1 ] && ok || bad "preemption drop tried $n times, expected once"
has "failed preemption" "$P/dayfile" "END      job 1 SOAK" "END      job 2 SPIN"
grep "END      job 1 SOAK\|START    job 2 SPIN" "$P/dayfile" | head -1 | grep -q SOAK && ok ||
    bad "SPIN started before SOAK ended although SOAK could not be dropped"

# An error dropfile (jobs/errexit.job: AB002) restarted as it is aborts
# again at once: c1sub refuses it and says how to clear F; --as-is queues
# it, and the restarted job's log says DF003; with F cleared by
# `dropfile set` it is queued at once.
E=$TMP/errsite
submit "$E" "$JOBS/errexit.job"
boot "$E"
edrop=$(ls "$E"/drop/OOPS.*.drop 2>/dev/null | head -1)
if "$BIN/c1sub" --restart "$edrop" --site "$E" >"$TMP/err.out" 2>&1; then
    bad "c1sub queued an error dropfile that aborts again at once"
else
    hasf "c1sub on an error dropfile" "$TMP/err.out" \
        "written at an error (AB002 OPERAND RANGE ERROR, F=040" \
        "; INSTRUCTION AT P=00001010 (LOOP): S2" \
        "the step aborts again at once" "cpu.flags=0" "--as-is"
fi
"$BIN/c1sub" --restart "$edrop" --site "$E" --as-is >/dev/null 2>&1 && ok ||
    bad "c1sub --as-is refused the error dropfile"
boot "$E"
cat "$E"/out/*OOPS-2* > "$TMP/err-as-is.log" 2>/dev/null
hasf "an error dropfile restarted as it is" "$TMP/err-as-is.log" \
    "DF003 - RESTARTED AT AN ERROR: THE STEP ABORTS AGAIN AT ONCE"
cp "$edrop" "$TMP/cleared.drop"
"$BIN/dropfile" set "$TMP/cleared.drop" cpu.flags=0 >/dev/null 2>&1 || bad "dropfile set cpu.flags=0"
"$BIN/c1sub" --restart "$TMP/cleared.drop" --site "$E" >/dev/null 2>&1 && ok ||
    bad "c1sub refused a dropfile whose F was cleared"

finish
