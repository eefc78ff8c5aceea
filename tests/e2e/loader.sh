#!/bin/sh
# tests/e2e/loader.sh: separate assembly and linking, libraries, and the
# COS program layout (issue 14, parts 2 and 4).
#   1. c1cal -c writes object modules; c1ldr links them at 0200 with the
#      system library, its load map naming modules, origins, lengths,
#      common blocks and entries; the program runs on the bare machine, and
#      c1dis's source of it reassembles to a program that runs the same.
#   2. c1cal alone links the system library for a program that calls it
#      (and a program with an error does not see its library calls
#      reported as unresolved beside it)
#      (issue 13: no "unresolved external $MSG"); a program that calls
#      nothing is the same executable as ever (format version 1, at 0).
#   3. Unresolved externals are named together with the modules that want
#      them, and nothing is written; a duplicate entry is reported; a
#      library made by c1ldr --library is searched with -l, only the
#      modules wanted loaded; a library with one entry twice is refused.
#   4. In a site: jobs/library/library.job (CAL,REL; BUILD; LDR,LIB=,MAP=)
#      prints the load map and the program's results; jobs/library/args.job
#      runs a command that cracks its arguments from its Job Communication
#      Block; the old decks (CAL then LDR at word 0) still run, without a
#      JCB; a program at 0200 dropped and restarted keeps its JCB.
NAME=loader
. tests/e2e/lib.sh
W=$TMP/work
mkdir -p "$W"

# ---- 1. modules, a link, the map --------------------------------------------
cat >"$W/main.cal" <<'CAL'
         IDENT     MAIN
         EXT       ADDUP,$END
         START     GO
GO       A1        TABLE
         A2        4
         R         ADDUP
         R         $END
TABLE    CON       1,2,3,4
         COMMON    WORK
SUM      BSS       1
         END
CAL
cat >"$W/sub.cal" <<'CAL'
         IDENT     ADD
         ENTRY     ADDUP
ADDUP    S1        0
LOOP     S2        0,A1
         S1        S1+S2
         A1        A1+1
         A2        A2-1
         A0        A2
         JAN       LOOP
         SUM,      S1
         J         B00
         COMMON    WORK
SUM      BSS       1
         COMMON
BUF      BSS       8
         END
CAL
"$BIN/c1cal" -c "$W/main.cal" && "$BIN/c1cal" -c "$W/sub.cal" && [ -f "$W/main.c1o" ] && ok ||
    bad "c1cal -c did not write main.c1o and sub.c1o"
head -c 8 "$W/main.c1o" | grep -q "C1XOBJ" && ok || bad "main.c1o has no object magic"
"$BIN/c1ldr" -o "$W/prog.c1x" -m "$W/prog.map" --full-map "$W/main.c1o" "$W/sub.c1o" \
    2>"$W/ldr.err" && ok || bad "c1ldr failed: $(cat "$W/ldr.err")"
hasf "load map" "$W/prog.map" "LOAD MAP OF MAIN: ORIGIN 00000200  HLM 00000252  ENTRY 00000200a" \
    "MAIN      00000200  00000006  $W/main.c1o" "ADD       00000206  00000003  $W/sub.c1o" \
    "SYSLIB    00000211  00000030  \$SYSLIB" "/WORK/    00000241  00000001  MAIN" \
    "//        00000242  00000010  ADD" "ADDUP     00000206a  ADD" "\$END      00000212a  SYSLIB"
"$BIN/c1" --bare "$W/prog.c1x" --json >"$W/prog.json" 2>&1
# S1 = 1+2+3+4 = 10 (octal 12), stored in /WORK/; P stopped in $END's EX.
hasf "bare run" "$W/prog.json" '"s":["0","12",' '"exit":"normal"'
# c1dis of a program at 0200: a BSS of the words below it, then the code at
# the same field addresses; reassembled, it runs to the same result.
"$BIN/c1dis" "$W/prog.c1x" >"$W/prog.dis" 2>&1
hasf "c1dis at 0200" "$W/prog.dis" "BSS       O'200" "GO       A1        O'202               ; 000200a" "ADDUP    S1        0                   ; 000206a"
"$BIN/c1cal" -o "$W/again.c1x" "$W/prog.dis" && "$BIN/c1" --bare "$W/again.c1x" --json >"$W/again.json" 2>&1
hasf "c1dis at 0200 reassembled" "$W/again.json" '"s":["0","12",' '"exit":"normal"'

# ---- 2. c1cal alone and the system library ------------------------------------
cat >"$W/hello.cal" <<'CAL'
         IDENT     HELLO
         EXT       $MSG,$END
         START     GO
GO       S1        TEXT
         R         $MSG
         R         $END
TEXT     DATA      'HELLO'Z
         END
CAL
if "$BIN/c1cal" "$W/hello.cal" 2>"$W/hello.err"; then ok; else bad "c1cal hello.cal: $(cat "$W/hello.err")"; fi
lacksf "c1cal hello.cal" "$W/hello.err" "unresolved"
"$BIN/c1dis" "$W/hello.c1x" >"$W/hello.dis" 2>&1
hasf "hello linked with \$SYSLIB" "$W/hello.dis" "R         \$MSG" "\$MSG     S0        4"
"$BIN/c1cal" -o "$W/first.c1x" jobs/bare/first.cal &&
    [ "$(od -An -tx1 -j8 -N4 "$W/first.c1x" | tr -d ' ')" = 00000001 ] && ok ||
    bad "a program that calls no library is not version 1"

# A program with an error that also calls the library (COS's READ calls
# $RWDR): its errors alone, not its library calls as unresolved beside them.
cat >"$W/wrong.cal" <<'CAL'
         IDENT     WRONG
         START     GO
GO       A1        IN+1,0
         READ      A1,BUF,2
         S1        BOGUS
         R         NOWHERE
         ENDP
IN       ODN       $IN
BUF      BSS       2
         END
CAL
"$BIN/c1cal" "$W/wrong.cal" 2>"$W/wrong.err" && bad "c1cal wrong.cal exited 0"
hasf "c1cal wrong.cal" "$W/wrong.err" "wrong.cal:5: error U: undefined symbol BOGUS" \
    "undefined symbol NOWHERE" "2 errors, no output written"
lacksf "c1cal wrong.cal" "$W/wrong.err" "\$RWDR"

# ---- 3. errors, duplicates, libraries -------------------------------------------
cat >"$W/other.cal" <<'CAL'
         IDENT     OTHER
         EXT       GONE,ALSO
         R         GONE
         R         ALSO
         END
CAL
"$BIN/c1cal" -c "$W/other.cal"
if "$BIN/c1ldr" -o "$W/bad.c1x" "$W/main.c1o" "$W/other.c1o" 2>"$W/bad.err"; then
    bad "c1ldr linked a program with unresolved externals"
else
    ok
fi
hasf "unresolved" "$W/bad.err" "error: unresolved external ADDUP wanted by module MAIN" \
    "error: unresolved external GONE wanted by module OTHER" \
    "error: unresolved external ALSO wanted by module OTHER" "3 errors, no output written"
[ ! -e "$W/bad.c1x" ] && ok || bad "c1ldr wrote bad.c1x after errors"
cat >"$W/twin.cal" <<'CAL'
         IDENT     TWIN
         ENTRY     ADDUP
ADDUP    J         B00
         END
CAL
"$BIN/c1cal" -c "$W/twin.cal"
"$BIN/c1ldr" -o "$W/dup.c1x" "$W/main.c1o" "$W/sub.c1o" "$W/twin.c1o" 2>"$W/dup.err"
hasf "duplicate entry" "$W/dup.err" "warning: duplicate entry ADDUP in modules ADD and TWIN (ADD's is used)"
"$BIN/c1ldr" --library "$W/lib.c1l" "$W/sub.c1o" "$W/other.c1o" 2>"$W/lib.err" && ok ||
    bad "c1ldr --library: $(cat "$W/lib.err")"
"$BIN/c1ldr" -o "$W/fromlib.c1x" -m "$W/fromlib.map" -l "$W/lib.c1l" "$W/main.c1o" 2>"$W/fromlib.err" &&
    ok || bad "c1ldr -l: $(cat "$W/fromlib.err")"
hasf "library search" "$W/fromlib.map" "ADD       00000206  00000003  $W/lib.c1l"
lacksf "library search" "$W/fromlib.map" "OTHER"
if "$BIN/c1ldr" --library "$W/twins.c1l" "$W/sub.c1o" "$W/twin.c1o" 2>"$W/twins.err"; then
    bad "a library with ADDUP twice was written"
else
    hasf "library duplicate" "$W/twins.err" "duplicate entry ADDUP in modules ADD and TWIN"
fi

# ---- 4. in a site ------------------------------------------------------------------
S=$TMP/site
submit "$S" "$JOBS/library/library.job" "$JOBS/library/args.job" "$JOBS/hello.job"
boot "$S"
L=$(ls "$S"/out/*.LIBRARY.log)
hasf "library job" "$L" "BUILD  MODULE SUMUP    ADDED FROM OBJ1" "BUILD  LIBRARY MYLIB: 3 MODULES" \
    "LDR    LOAD MAP OF MAIN: ORIGIN 00000200  HLM 00000261  ENTRY 00000200a" \
    "LDR    SUMUP     00000213  00000005  MYLIB" "LDR    REPORT    00000221  00000007  MYLIB" \
    "LDR    SYSLIB    00000230  00000030  \$SYSLIB" "LDR    /STATS/   00000260  00000001  MAIN" \
    "LDR    TWICE     00000220a  SCALE" \
    "USER   RESULT  0000000000000000000017" "USER   RESULT  0000000000000000000014" \
    "USER   RESULT  0000000000000000000002" "STEP MAIN ENDED NORMALLY"
lacksf "library job" "$L" "SCALE     00000220  00000001  MYLIB  "
A=$(ls "$S"/out/*.ARGS.log)
hasf "args job" "$A" "ABSOLUTE ARGLIST WRITTEN TO ARGLIST: 51 WORDS FROM 000200" \
    "USER   ARGLIST,HELLO,DN=OUT:X,'Lit, eral'." "USER   ARG 17: ARGLIST" \
    "USER   ARG 17: HELLO" "USER   ARG 07: DN" "USER   ARG 03: OUT" "USER   ARG 17: X" \
    "USER   ARG 37: Lit, eral" "USER   JCHLM/JCFL      0000000000026300020000" \
    "STEP ARGLIST ENDED NORMALLY"
H=$(ls "$S"/out/*.HELLO.log)
hasf "a CAL deck at 0200" "$H" "PROGRAM HELLO LOADED: 28 WORDS AT 000200, HLM 000234, ENTRY P=00001000" \
    "USER   HELLO FROM C-1"

# A program at 0200 dropped by F$UROLL and restarted: its JCB came back
# with its field, and it prints its arguments after the restart; then
# F$GNS in COS's form (S1 = JCCCI, S2 = 0) puts the next statement's image
# in the JCB and its verb cracked at JCCPR.
cat >"$W/roll.job" <<'DECK'
JOB,JN=ROLLARG,T=2,MFL=8192,US=ALICE.
CAL,B=OBJ,REL.
LDR,DN=OBJ,AB=SHOW.
SHOW,AFTER,ROLL.
SET,J1=1.
/EOF
         IDENT     SHOW
         EXT       $MSG,$END,$ROLL,$STMT
         START     GO
GO       R         $ROLL
         S1        O'5
         R         $MSG
         S1        O'5
         S2        0
         R         $STMT
         S1        O'5
         R         $MSG
         S1        O'20
         R         $MSG
         R         $END
         END
DECK
R=$TMP/roll
submit "$R" "$W/roll.job"
boot "$R"
D=$(ls "$R"/drop/*.drop 2>/dev/null | head -1)
if [ -z "$D" ]; then
    bad "no dropfile from F\$UROLL: $(ls "$R/drop" 2>&1)"
else
    "$BIN/c1sub" --restart "$D" --site "$R" >/dev/null 2>&1 || bad "c1sub --restart $D"
    boot "$R"
    has "restarted JCB" "$(ls "$R"/out/*ROLLARG-2.log)" "USER   SHOW,AFTER,ROLL\." \
        "USER   SET,J1=1\." "USER   SET$"
fi
# F$GNS with hostile registers, taken whole: S1 = 2^32 + 0300 is outside
# the field (it wrote at 0300), S2 = 2^32 words is not 0 (it put the
# image of COS's form); each aborts the step with AB004.
cat >"$W/gns.job" <<'DECK'
JOB,JN=GNSREG,T=2,MFL=8192,US=ALICE.
CAL,B=HIGH,REL.
LDR,DN=HIGH,AB=HIGHX.
CAL,B=WIDE,REL.
LDR,DN=WIDE,AB=WIDEX.
HIGHX.
EXIT.
WIDEX.
EXIT.
SET(J1=1)
/EOF
         IDENT     HIGH
         EXT       $STMT,$MSG,$END
         START     GO
GO       S1        1
         S1        S1<32
         S2        O'300
         S1        S1!S2
         S2        1
         R         $STMT
         S1        O'300
         R         $MSG
         R         $END
         END
/EOF
         IDENT     WIDE
         EXT       $STMT,$MSG,$END
         START     GO
GO       S2        1
         S2        S2<32
         S1        O'300
         R         $STMT
         S1        O'300
         R         $MSG
         R         $END
         END
DECK
G=$TMP/gns
submit "$G" "$W/gns.job"
boot "$G"
GL=$(ls "$G"/out/*.GNSREG.log)
has "F\$GNS registers taken whole" "$GL" "ABORT  AB004 - F\$GNS BUFFER OUTSIDE THE FIELD" "SET(J1=1)"
[ "$(grep -c "F\$GNS BUFFER OUTSIDE THE FIELD" "$GL")" = 2 ] && ok ||
    bad "F\$GNS: not two aborts in $GL"
lacksf "F\$GNS wrote nothing" "$GL" "USER   EXIT."

# LDR,NX of an executable (one dataset, as before the loader) checks it
# and does not run it (it ran).
cat >"$W/nx.job" <<'DECK'
JOB,JN=NXEXE,T=2,MFL=8192,US=ALICE.
CAL,B=EXE.
LDR,DN=EXE,NX.
SET(J1=1)
/EOF
         IDENT     RUNS
         EXT       $MSG,$END
         START     GO
GO       S1        TXT
         R         $MSG
         R         $END
TXT      DATA      'IT RAN'Z
         END
DECK
N=$TMP/nx
submit "$N" "$W/nx.job"
boot "$N"
hasf "LDR,NX of an executable" "$(ls "$N"/out/*.NXEXE.log)" "LDR    PROGRAM RUNS NOT RUN (NX)" "SET(J1=1)"
lacksf "LDR,NX: not run" "$(ls "$N"/out/*.NXEXE.log)" "IT RAN"

# Loader errors in a job: unresolved externals (LD002, each with its
# module), an executable with a library (LD003), a library with an entry
# twice (BL001); each aborts its step, the error path runs.
cat >"$W/errors.job" <<'DECK'
JOB,JN=LDERR,T=2,MFL=8192,US=ALICE.
CAL,B=OBJ,REL.
LDR,DN=OBJ.
EXIT.
CAL,B=ONE,REL.
CAL,B=TWO,REL.
BUILD,B=ONE:TWO,NBL=LIB.
EXIT.
CAL,B=EXE.
LDR,DN=EXE,LIB=LIB.
EXIT.
/EOF
         IDENT     WANTS
         EXT       NOWHERE,$END
         R         NOWHERE
         R         $END
         END
/EOF
         IDENT     ONE
         ENTRY     SAME
SAME     J         B00
         END
/EOF
         IDENT     TWO
         ENTRY     SAME
SAME     J         B00
         END
/EOF
         IDENT     PLAIN
         END
DECK
E=$TMP/errors
submit "$E" "$W/errors.job"
boot "$E"
hasf "loader errors in a job" "$(ls "$E"/out/*.LDERR.log)" \
    "LDR    LD002 - unresolved external NOWHERE wanted by module WANTS" \
    "ABORT  LD002 - 1 LOADER ERROR" \
    "ABORT  BL001 - duplicate entry SAME in modules ONE and TWO" \
    "ABORT  LD003 - DATASET EXE IS NOT AN OBJECT MODULE"

# Hostile lists of datasets: more than BUILD's one OBL (its names went
# into an array of one, past the end of the stack's), more than LDR's 64
# (the rest were dropped silently); each is refused by name.
{
    echo "JOB,JN=LDLIST,T=2,MFL=8192,US=ALICE."
    echo "CAL,B=ONE,REL."
    echo "BUILD,B=ONE,OBL=A:B:C:D:E:F:G:H:I:J:K:L:M:N:O:P:Q:R:S:T:U:V:W:X:Y:Z,NBL=LIB."
    echo "EXIT."
    echo "BUILD,B=ONE,NBL=LIB:OTHER."
    echo "EXIT."
    printf 'LDR,DN=ONE'
    i=0
    while [ $i -lt 64 ]; do
        [ $((i % 12)) -eq 11 ] && printf '^\n'
        printf ':D%d' $i
        i=$((i + 1))
    done
    printf '.\nEXIT.\nSET,J1=1.\n/EOF\n'
    printf '         IDENT     ONE\n         ENTRY     SAME\nSAME     J         B00\n         END\n'
} >"$W/lists.job"
L=$TMP/lists
submit "$L" "$W/lists.job"
boot "$L"
hasf "hostile dataset lists" "$(ls "$L"/out/*.LDLIST.log)" \
    "ABORT  BL004 - OBL NAMES 26 DATASETS: AT MOST 1" \
    "ABORT  BL004 - NBL NAMES 2 DATASETS: AT MOST 1" \
    "ABORT  LD007 - DN NAMES 65 DATASETS: AT MOST 64" "SET,J1=1."
finish
