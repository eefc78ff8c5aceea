#!/bin/sh
# tests/e2e/handover.sh: a hand-over under another user carries only what
# that user may read (docs/trust-model.md, "COS users inside a site"):
# ALICE's rollout restarted --user BOB is refused while it holds her
# private dataset, and the refusal says "no permission" with no hash; an
# edited dropfile naming ALICE/SECRET is refused, --force or not; PAM=R
# lets BOB in.  A refused restart keeps its dropfile in drop/refused/.
# dropfile check and move decide as the site does.  A dropfile whose
# output name leaves the site is refused and writes nothing outside it.
NAME=handover
. tests/e2e/lib.sh

S=$TMP/site
SECRET_TEXT="ALICE-SECRET-7a3f"
cat > "$TMP/save.job" <<DECK
JOB,JN=SAVE,T=1,US=ALICE.
COPYF,I=\$IN,O=DATA.
SAVE,DN=DATA,PDN=SECRET.
/EOF
$SECRET_TEXT
DECK
cat > "$TMP/notice.job" <<'DECK'
JOB,JN=NOTICE,T=1,US=ALICE.
COPYF,I=$IN,O=DATA.
SAVE,DN=DATA,PDN=NOTICE,PAM=R.
/EOF
for everyone to read
DECK
cat > "$TMP/bobsave.job" <<'DECK'
JOB,JN=BSAVE,T=1,US=BOB.
COPYF,I=$IN,O=DATA.
SAVE,DN=DATA,PDN=MINE.
/EOF
bob's own words
DECK
# Each job ACCESSes a dataset, rolls out (ROLLJOB), then copies it to $OUT.
roll() {   # roll NAME USER PDN [OWNER]
    own=${4:+,OWN=$4}
    printf 'JOB,JN=%s,T=1,US=%s.\nACCESS,DN=DATA,PDN=%s%s.\nROLLJOB.\nCOPYF,I=DATA,O=$OUT.\n' \
        "$1" "$2" "$3" "$own" > "$TMP/$1.job"
    submit "$S" "$TMP/$1.job"
}
submit "$S" "$TMP/save.job" "$TMP/notice.job" "$TMP/bobsave.job"
boot "$S"
roll ROLLA ALICE SECRET
roll ROLLN ALICE NOTICE
roll ROLLB BOB MINE
boot "$S"
A=$(ls "$S"/drop/ROLLA.*.drop 2>/dev/null | head -1)
N=$(ls "$S"/drop/ROLLN.*.drop 2>/dev/null | head -1)
Bd=$(ls "$S"/drop/ROLLB.*.drop 2>/dev/null | head -1)
[ -n "$A" ] && [ -n "$N" ] && [ -n "$Bd" ] && ok || give_up
hasf "alice reads her secret" "$(ls "$S"/out/*.ROLLA.out)" "$SECRET_TEXT"

# (a) ALICE's rollout under BOB: refused, nothing of hers in BOB's output.
cp "$A" "$TMP/a.drop"
# c1sub refuses it at once, with the site's own reason ...
"$BIN/c1sub" --restart "$TMP/a.drop" --site "$S" --user BOB >/dev/null 2>"$TMP/sub.err" &&
    bad "c1sub queued BOB's restart of ALICE's private dataset" || ok
hasf "c1sub says why" "$TMP/sub.err" "the site would refuse it: permanent dataset ALICE/SECRET" \
    "user BOB has no permission"
# ... and with --no-check the site refuses it itself.
"$BIN/c1sub" --no-check --restart "$TMP/a.drop" --site "$S" --user BOB >/dev/null || bad "c1sub --user BOB"
boot "$S"
grep REFUSED "$S/dayfile" | tail -1 > "$TMP/refused"
hasf "handover refused" "$TMP/refused" "ALICE/SECRET" "user BOB has no permission" "kept as drop/refused/"
lacks "refusal shows no hash" "$TMP/refused" "hash\|[0-9a-f]\{16\}"
if grep -lF "$SECRET_TEXT" "$S"/out/* 2>/dev/null | grep -qv "ROLLA\|SAVE"; then
    bad "the secret reached another job's output: $(grep -lF "$SECRET_TEXT" "$S"/out/*)"
else ok; fi
lacks "no job ran as BOB from the rollout" "$S/dayfile" "RESTART .*ROLLA.*user BOB"
# --force grants nothing.
"$BIN/c1sub" --no-check --restart "$TMP/a.drop" --site "$S" --user BOB --force >/dev/null
boot "$S"
grep REFUSED "$S/dayfile" | tail -1 > "$TMP/refused"
hasf "--force grants no permission" "$TMP/refused" "user BOB has no permission"
# ALICE herself, and PAM=R for BOB: accepted, and the data arrive.
"$BIN/c1sub" --restart "$TMP/a.drop" --site "$S" >/dev/null
cp "$N" "$TMP/n.drop"
"$BIN/c1sub" --no-check --restart "$TMP/n.drop" --site "$S" --user BOB >/dev/null
boot "$S"
has "own restart" "$S/dayfile" "RESTART .*ROLLA.* user ALICE " "RESTART .*ROLLN.* user BOB (handed over from ALICE)"
hasf "PAM=R reaches BOB" "$(ls -t "$S"/out/*ROLLN*.out | head -1)" "for everyone to read"

# (b) BOB's own rollout edited to name ALICE/SECRET: refused without a hash,
# with or without the hash put in, with or without --force.
"$BIN/dropfile" dump --json "$Bd" > "$TMP/b.json"
sed 's/"owner": "BOB"/"owner": "ALICE"/; s/"name": "MINE"/"name": "SECRET"/' "$TMP/b.json" > "$TMP/e.json"
"$BIN/dropfile" pack "$TMP/e.json" -o "$TMP/e.drop" 2>"$TMP/err" || bad "pack: $(cat "$TMP/err")"
"$BIN/c1sub" --no-check --restart "$TMP/e.drop" --site "$S" >/dev/null
boot "$S"
grep REFUSED "$S/dayfile" | tail -1 > "$TMP/refused"
hasf "edited owner refused" "$TMP/refused" "ALICE/SECRET" "no permission"
lacks "edited owner: no hash" "$TMP/refused" "hash\|[0-9a-f]\{16\}"
"$BIN/c1sub" --no-check --restart "$TMP/e.drop" --site "$S" --force >/dev/null
boot "$S"
grep REFUSED "$S/dayfile" | tail -1 > "$TMP/refused"
hasf "edited owner, --force" "$TMP/refused" "no permission"
if grep -lF "$SECRET_TEXT" "$S"/out/* 2>/dev/null | grep -q "ROLLB"; then
    bad "the edited dropfile read ALICE's secret"
else ok; fi

# dropfile check: the same verdicts, without touching the site.
"$BIN/dropfile" check "$A" --site "$S" --user BOB > "$TMP/check" && bad "check accepted BOB" || ok
hasf "check says why" "$TMP/check" "no permission"
"$BIN/dropfile" check "$A" --site "$S" > "$TMP/check" || bad "check refused ALICE: $(cat "$TMP/check")"
"$BIN/dropfile" check "$N" --site "$S" --user BOB >/dev/null || bad "check refused PAM=R"
"$BIN/dropfile" check "$A" --site "$S" --user 'B/OB' > "$TMP/check" && bad "check took user B/OB" || ok

# Refused when it gets a PC (ALICE's own dataset changed since the drop):
# kept too; the hash of her own dataset may be shown to her.
sed "s/$SECRET_TEXT/ALICE-SECRET-changed/" "$TMP/save.job" > "$TMP/resave.job"
submit "$S" "$TMP/resave.job"
boot "$S"
before=$(ls "$S"/drop/refused/*.drop | wc -l)
"$BIN/c1sub" --restart "$A" --site "$S" >/dev/null
boot "$S"
grep REFUSED "$S/dayfile" | tail -1 > "$TMP/refused"
hasf "changed at start: kept" "$TMP/refused" "kept as drop/refused/" "has changed since the drop"
[ "$(ls "$S"/drop/refused/*.drop | wc -l)" -eq $((before + 1)) ] && ok || bad "the start refusal was not kept"

# Item 7: a restart whose time is used up is refused and kept.
T=$TMP/t
sed 's/T=0.005/T=0.002/' jobs/timeout.job > "$TMP/spin.job"
submit "$T" "$TMP/spin.job"
boot "$T"
D=$(ls "$T"/drop/SPIN.*.drop 2>/dev/null | head -1)
[ -n "$D" ] && ok || give_up
cp "$D" "$TMP/spin.drop"
"$BIN/dropfile" check "$TMP/spin.drop" --site "$T" > "$TMP/check" && bad "check accepted a used-up time" || ok
hasf "check: time" "$TMP/check" "already used"
"$BIN/dropfile" check "$TMP/spin.drop" --site "$T" --time 5 >/dev/null || bad "check refused --time 5"
"$BIN/dropfile" move "$TMP/spin.drop" --site "$T" 2>"$TMP/err" && bad "move took a used-up time" || ok
[ -f "$TMP/spin.drop" ] && ok || bad "a refused move lost the file"
hasf "move says why" "$TMP/err" "already used" "nothing moved"
"$BIN/c1sub" --no-check --restart "$TMP/spin.drop" --site "$T" >/dev/null
boot "$T"
has "refused and kept" "$T/dayfile" "REFUSED .*kept as drop/refused/.*already used"
kept=$(ls "$T"/drop/refused/*.drop 2>/dev/null | head -1)
[ -n "$kept" ] && [ -f "$kept.meta" ] && ok || bad "no drop/refused/NNNNNN.drop and .meta"
ls "$T"/queue/*.drop >/dev/null 2>&1 && bad "the refused entry is still queued" || ok
cmp -s "$kept" "$TMP/spin.drop" && ok || bad "the kept dropfile is not the one refused"
# The kept file restarts with more time, moved with --time and --user.
cp "$kept" "$TMP/again.drop"
"$BIN/dropfile" move "$TMP/again.drop" --site "$T" --time 5 --user ZOE --priority 3 >/dev/null ||
    bad "move --time 5 --user ZOE"
boot "$T"
has "moved with overrides" "$T/dayfile" "RESTART .*SPIN.* user ZOE (handed over" "END .*SPIN user ZOE"

# Item 1: an output name that leaves the site is refused, nothing written.
P=$TMP/pwn
"$BIN/dropfile" dump --json "$D" > "$TMP/p.json"
sed 's|"output_name": "[^"]*"|"output_name": "../../../../../tmp/PWNED"|' "$TMP/p.json" > "$TMP/pw.json"
rm -f /tmp/PWNED.log /tmp/PWNED.out
# pack refuses it (the reader's rule); were a file made some other way,
# c1sub --restart and the site's restart refuse it (tests/unit/test_pds.c
# writes one and restarts it).
if "$BIN/dropfile" pack "$TMP/pw.json" -o "$TMP/pw.drop" 2>"$TMP/err"; then
    "$BIN/c1sub" --restart "$TMP/pw.drop" --site "$P" --time 5 >/dev/null 2>&1 &&
        bad "c1sub --restart took output_name ../../../../../tmp/PWNED"
else
    hasf "pack refuses the output name" "$TMP/err" "output_name"
fi
"$BIN/c1sub" --restart "$D" --site "$P" --time 5 >/dev/null
sed 's|"job_name": "SPIN"|"job_name": "../../X"|' "$TMP/p.json" > "$TMP/jn.json"
"$BIN/dropfile" pack "$TMP/jn.json" -o "$TMP/jn.drop" 2>/dev/null &&
    bad "pack took job_name ../../X" || ok
boot "$P"
[ -e /tmp/PWNED.log ] || [ -e /tmp/PWNED.out ] && bad "a file appeared in /tmp" || ok
ls "$TMP"/*.log "$TMP"/X.* "$TMP/pwn.drop" 2>/dev/null | grep -q . && bad "a file appeared beside the site" || ok

finish
