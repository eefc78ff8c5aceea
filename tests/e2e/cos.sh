#!/bin/sh
# tests/e2e/cos.sh: real COS programs and decks on C-1 (issue 14, parts 1
# and 5; jobs/cos/README.md).
#   1. Each program of jobs/cos assembles unmodified with c1cal and the
#      system text, and not without it (-S none: its macros undefined).
#   2. The programs of jobs/ and tests/e2e/decks that do not use the
#      system text assemble to the same bytes with and without it.
#   3. Each deck of jobs/cos runs at a site and does what its source says:
#      HELLO's message; COPYD's copy of $IN to $OUT and its counts; CHARGES's
#      accounting figures through a routine of the Cray calling sequence;
#      the station deck's statements (ACCOUNT naming the user, MEMORY,FL,USER,
#      OPTION, $ABD., DISPOSE, FETCH); NOTE, linked at 0200 and run as a
#      verb, writes the text of its TEXT= parameter to $OUT and to its DN=
#      dataset, and refuses a parameter it does not have.
#   4. CAL,S=dataset reads a system text of the job's own, CAL,S=0 none.
#   5. MEMORY,FL (bare) and AUTO; ACCOUNT,US= on a job that has a user;
#      LOOP, EXITLOOP, ENDLOOP as cray-sim's JDIAG deck uses them, and a
#      loop without end stopped at the job's time limit.
#   6. Statements of real decks that C-1 lacks fail with CS011 saying what
#      it lacks; COS utilities it lacks with CS001 saying so; a verb $NAME
#      is a dataset name (not a CC005 deck error).
#   7. COS's dataset I/O through Dataset Parameter Tables (tests/e2e/decks/
#      cos/dsp.job): READ's unused bits, a short buffer, a null record; a
#      record written in two parts around a user rollout, whole in $OUT and
#      whole again when the dropfile is restarted (the open record is kept);
#      a DSP of the program's own; ends of file and data; F$BIO on a
#      released DSP refused (said in the log); RECALL; a data area outside
#      the field aborts the step (AB004).
#   8. A program a plain CAL assembles is linked at 0200 and finds its
#      statement in its Job Communication Block.  cos/dspopen.job: $IN opened
#      for output and $OUT for input refused, each still as it was; a
#      refused second OPEN leaves the first open; the registers READ,
#      WRITE and REWIND keep; a labelled READ jumped to; a READ of no
#      words says the count was filled (S0 > 0), not an end of file.
NAME=cos
. tests/e2e/lib.sh
D=tests/e2e/decks/cos

# The program of a deck: its first file after the statements.
program() { awk 'BEGIN { f = 0 } /^\/EOF/ { f++; next } f == 1' "$1"; }

# 1. Unmodified, with the system text; not without it.
for deck in "$JOBS"/cos/*.job; do
    n=$(basename "$deck" .job)
    program "$deck" >"$TMP/$n.cal"
    if "$BIN/c1cal" -o "$TMP/$n.c1x" "$TMP/$n.cal" 2>"$TMP/$n.err"; then ok; else
        bad "c1cal $n (with the system text): $(head -3 "$TMP/$n.err")"
    fi
    if "$BIN/c1cal" -S none -o "$TMP/$n-none.c1x" "$TMP/$n.cal" 2>"$TMP/$n-none.err"; then
        bad "c1cal -S none $n assembled without the system text"
    else
        has "c1cal -S none $n" "$TMP/$n-none.err" "error [RU]: "
    fi
done
# -S FILE: the system text from a file gives the same words as the built-in.
"$BIN/c1cal" -S roms/systxt.cal -o "$TMP/hello-file.c1x" "$TMP/hello.cal" 2>/dev/null &&
    cmp -s "$TMP/hello-file.c1x" "$TMP/hello.c1x" && ok ||
    bad "c1cal -S roms/systxt.cal gives other words than the built-in system text"
"$BIN/c1cal" -S "$TMP/missing.txt" "$TMP/hello.cal" >/dev/null 2>"$TMP/missing.err"
[ $? -eq 2 ] && ok || bad "c1cal -S on a missing file does not exit 2"
hasf "c1cal -S missing" "$TMP/missing.err" "system text" "missing.txt"

# 2. Programs that do not use it: the same bytes with and without (a
# deck's program with the system library after it, as CAL assembles it).
same=0
for src in "$JOBS"/bare/*.cal "$JOBS"/*.job tests/e2e/decks/*.job; do
    case $src in
    *.job) program "$src" >"$TMP/p.cal"; grep -q IDENT "$TMP/p.cal" || continue
        cat roms/syslib.cal >>"$TMP/p.cal" ;;
    *) cp "$src" "$TMP/p.cal" ;;
    esac
    "$BIN/c1cal" -o "$TMP/with.c1x" "$TMP/p.cal" >/dev/null 2>&1 || continue
    if "$BIN/c1cal" -S none -o "$TMP/without.c1x" "$TMP/p.cal" >/dev/null 2>&1 &&
        cmp -s "$TMP/with.c1x" "$TMP/without.c1x"; then
        same=$((same + 1))
    else
        bad "$src: other words with the system text than without"
    fi
done
[ "$same" -ge 8 ] && ok || bad "only $same programs compared with and without the system text"

# 3-6. The decks at a site.
S=$TMP/site
submit "$S" "$JOBS"/cos/*.job "$D"/systext.job "$D"/memory.job "$D"/lacking.job "$D"/loops.job \
    "$D"/dsp.job "$D"/jcbcal.job "$D"/dspopen.job
timeout 300 "$BIN/c1" --site "$S" --until-idle >"$S.console" 2>&1 ||
    bad "c1 --site did not stop cleanly"
log() { ls "$S"/out/*."$1".log 2>/dev/null | head -1; }
out() { ls "$S"/out/*."$1".out 2>/dev/null | head -1; }

L=$(log HELLO)
has "HELLO" "$L" "USER   HELLO WORLD!" "ACCOUNT: THE JOB RUNS AS USER STUDENT" \
    "CS012 - ACCOUNT: PASSWORDS IGNORED" "LDR    PROGRAM HELLO LOADED"
has "HELLO dayfile" "$S/dayfile" "END      job [0-9]* HELLO user STUDENT"

L=$(log COPYD)
has "COPYD" "$L" "USER   COPYD - *3 RECORDS COPIED" "USER   COPYD - *2 FILES COPIED" \
    "STEP COPYD ENDED NORMALLY" "LDR    PROGRAM COPYD LOADED: .* AT 000200" \
    "CSP    COPYD,I=\\\$IN,O=COPY\\." "CSP    COPYD,I=COPY\\."
lacks "COPYD" "$L" "RECORDS, .* FILES COPIED"   # C-1's own COPYD did not run
lacks "COPYD" "$L" "F\\\$BIO REFUSED"
n=$(grep -c "USER   COPYD - *3 RECORDS COPIED" "$L")
[ "$n" = 2 ] && ok || bad "COPYD ran $n times, not 2 (\$IN to COPY, COPY to \$OUT)"
printf '%s\n' "THE FIRST RECORD OF THE FIRST FILE" "THE SECOND RECORD" "/EOF" \
    "THE SECOND FILE, ONE RECORD" >"$TMP/copyd.expect"
cp "$(out COPYD)" "$TMP/copyd.got"
cmp -s "$TMP/copyd.expect" "$TMP/copyd.got" && ok ||
    { bad "COPYD's \$OUT is not \$IN's data"; e2e_show "$TMP/copyd.got"; }

L=$(log CHARGES)
has "CHARGES" "$L" "USER   CH001 - CLOCKS  *[1-9][0-9]*$" "USER   CH002 - LIMIT  *160000000$" \
    "USER   CH003 - FIELD  *16384$" "USER   CH004 - I/O  *[1-9][0-9]*$"
lacks "CHARGES" "$L" "AB025"

L=$(log NOTE)
has "NOTE" "$L" "LDR    PROGRAM NOTE LOADED: .* AT 000200" "CSP    NOTE,TEXT='HELLO, COS'\." \
    "USER   NOTE - ONE LINE WRITTEN" "CSP    1 RECORDS, 1 FILES COPIED" \
    "USER   NOTE - A PARAMETER NOTE DOES NOT HAVE" "ERROR PATH: CONTINUING AFTER EXIT"
n=$(grep -c "USER   NOTE - ONE LINE WRITTEN" "$L")
[ "$n" = 2 ] && ok || bad "NOTE wrote $n lines, not 2"
printf '%s\n' "HELLO, COS" "SECOND" >"$TMP/note.expect"
cmp -s "$TMP/note.expect" "$(out NOTE)" && ok ||
    { bad "NOTE's \$OUT is not its two texts"; e2e_show "$(out NOTE)"; }

L=$(log STATION)
has "STATION" "$L" "ACCOUNT: THE JOB RUNS AS USER ENGINEER" \
    "CS012 - MEMORY,USER IGNORED" "FIELD LENGTH NOW 32768 WORDS" "CS012 - OPTION IGNORED" \
    "CSP    \$ABD\." "USER   STATION JOB STEP" "CS012 - DISPOSE IGNORED" \
    "CS011 - FETCH: C-1 LACKS A FRONT-END STATION" "ERROR PATH: CONTINUING AFTER EXIT"
has "STATION dayfile" "$S/dayfile" "END      job [0-9]* STATION user ENGINEER"

L=$(log SYSTEXT)
has "S=" "$L" "USER   HELLO FROM MY OWN SYSTEM TEXT" "CA001 - \$IN:3 (deck line 28): error R: .*MESSAGE" \
    "ERROR PATH: CONTINUING AFTER EXIT"

L=$(log MEMORY)
has "MEMORY" "$L" "FIELD LENGTH NOW 16384 WORDS" "MEMORY,FL\.$" "FIELD LENGTH NOW 8192 WORDS" \
    "CS012 - MEMORY,AUTO IGNORED" "AC001 - ACCOUNT US=OTHER DOES NOT MATCH THE JOB'S USER STUDENT"

L=$(log LOOPS)
n=$(grep -c 'CSP  *set(J2=J2+1)' "$L")
[ "$n" = 3 ] && ok || bad "LOOP ran its body $n times, not 3"
n=$(grep -c 'CSP  *set(J3=J3+10)' "$L")
[ "$n" = 1 ] && ok || bad "the IF in the loop took its branch $n times, not 1"
has "LOOP" "$L" "CSP    ASSIGN,DN=COUNTED\." "CSP    RELEASE,DN=COUNTED\." \
    "CS013 - LOOP STILL RUNNING AT THE JOB'S TIME LIMIT" "ERROR PATH: CONTINUING AFTER EXIT" \
    "CS005 - ENDLOOP WITHOUT LOOP"
lacksf "LOOP" "$L" "CS032"

# A dropfile written inside a loop restarts inside it.
R=$TMP/roll
submit "$R" "$D"/rolloop.job
boot "$R"
drop=$(ls "$R"/drop/ROLLOOP.*.drop 2>/dev/null | head -1)
if [ -n "$drop" ]; then
    "$BIN/c1sub" --restart "$drop" --site "$R" --time 5 >/dev/null 2>&1 || bad "c1sub --restart $drop"
    boot "$R"
    L2=$(ls "$R"/out/*.ROLLOOP-2.log 2>/dev/null | head -1)
    n=$(grep -c 'CSP    SET(J1=J1-1)' "$L2" 2>/dev/null)
    [ "$n" = 2 ] && ok || { bad "the restart ran the loop's SET $n times, not 2"; e2e_show "$L2"; }
    has "LOOP restart" "$L2" "CSP    ASSIGN,DN=DONE\."
else
    bad "ROLLJOB in a loop wrote no dropfile"
fi

# 7. Dataset Parameter Tables.
L=$(log DSPIO)
has "DSPIO" "$L" "EXP    F\\\$BIO REFUSED: THE DSP AT [0-7]* IS NOT OPEN" \
    "AB004 - F\\\$BIO DATA AREA 7777000 OF 4 WORDS OUTSIDE THE FIELD" \
    "INSTRUCTION AT P=[0-7]* (RW\\\$GO+[0-9]*): EX" "ERROR PATH: CONTINUING AFTER EXIT"
lacks "DSPIO" "$L" "A RESULT WAS WRONG"
printf '%s\n' "SHORT" "A RECORD OF THIR" "NULL SEEN" "PARTIAL, DONE" "SCRATCH1" "(EOF)" \
    "SCRATCH2" "(EOF)" "(EOD)" "RELEASED: REFUSED" "RECALLED" >"$TMP/dsp.expect"
cmp -s "$TMP/dsp.expect" "$(out DSPIO)" && ok ||
    { bad "DSPIO's \$OUT is not its results"; e2e_show "$(out DSPIO)"; }
drop=$(ls "$S"/drop/DSPIO.*.1.drop 2>/dev/null | head -1)
if [ -n "$drop" ]; then
    "$BIN/c1sub" --restart "$drop" --site "$S" --time 5 >/dev/null 2>&1 || bad "c1sub --restart $drop"
    timeout 120 "$BIN/c1" --site "$S" --until-idle >/dev/null 2>&1 || bad "c1 after the restart"
    cmp -s "$TMP/dsp.expect" "$(out DSPIO-2)" && ok ||
        { bad "the restarted DSPIO's \$OUT differs (the open record lost?)"; e2e_show "$(out DSPIO-2)"; }
else
    bad "DSPIO's rollout wrote no dropfile"
fi

L=$(log DSPOPEN)
lacks "DSPOPEN" "$L" "A RESULT WAS WRONG"
lacks "DSPOPEN" "$L" "STEP ABORTED"
printf '%s\n' "IN,O REFUSED" "LINE ONE" "OUT,I REFUSED" "FOO STILL OPEN" "REGISTERS KEPT" \
    "REGISTERS KEPT" "LINE FOUR" "FOO STILL OPEN" >"$TMP/dspopen.expect"
cmp -s "$TMP/dspopen.expect" "$(out DSPOPEN)" && ok ||
    { bad "DSPOPEN's \$OUT is not its results"; e2e_show "$(out DSPOPEN)"; }

# 8. A program a plain CAL assembles runs at 0200 above its JCB.
L=$(log JCBCAL)
has "JCBCAL" "$L" "CAL    ASSEMBLED [0-9]* LINES: [0-9]* WORDS TO SAY" \
    "LDR    PROGRAM SAY LOADED: [0-9]* WORDS AT 000200, HLM [0-7]*, ENTRY P=00001000" \
    "USER   SAY,HELLO,DN=X:Y,'A B'\\.$" "STEP SAY ENDED NORMALLY"

L=$(log LACKING)
has "lacking" "$L" "CS011 - LIBRARY: C-1 LACKS A LIBRARY SEARCHLIST" \
    "CS005 - EXITLOOP OUTSIDE A LOOP" "CS011 - ELSEIF: C-1 LACKS ELSEIF" \
    "CS011 - PERMIT: C-1 LACKS PERMITS" "CS011 - DISPOSE: C-1 HAS NO FRONT-END STATION TO DISPOSE OTHER" \
    "CS001 - AUDIT IS A COS UTILITY C-1 DOES NOT HAVE" "CS001 - DELAY IS A COS UTILITY" \
    "CS001 - \$NOTHERE IS NOT A STATEMENT OR A LOCAL DATASET" "CS012 - ACCESS: ENTER IGNORED"
lacksf "lacking" "$L" "CC005"
finish
