#!/bin/sh
# tests/e2e/threads.sh: PCs on host threads give the one-thread results.  The
# same workload on a 4-PC site - jobs that compute and write, one that runs
# out of time and is dropped, one that saves a permanent dataset and one
# that reads it, then the dropfile restarted with more time - run with
# --threads 1, 2 and 4, each in a site of the same name: the dayfiles (less
# the wall-clock column), every job log (less its time-of-day column) and
# $OUT, and the dropfiles must be the same - dropfile diff may name only the
# wall clock of the drop and the job log in it (its times of day; the log
# itself is compared as SITE/out has it).  On the X-MP too.
NAME=threads
. tests/e2e/lib.sh

# Four SPINs, two of the same length (they end in the same round, so the
# order in which the OS serves PCs that stop together shows), the SPIN of jobs/
# that is dropped at its limit, HELLO, SAVE and ACCESS.
deck() {
    sed -e "s/JN=SPIN,T=0.005/JN=SPIN$1,T=1/" -e "s/A2        200000/A2        $2/" \
        "$JOBS/timeout.job" > "$TMP/spin$1.job"
}
deck 1 300000
deck 2 120000
deck 3 450000
deck 4 300000   # as long as SPIN1: both end in one round

# strip FILE: without the wall-clock parts (the dayfile's after " | ", a
# log line's time of day) and the site's own folder (a dropped job's log
# names its path).
strip() {
    sed -e 's/  | .*$//' -e 's/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]* //' \
        -e "s|$TMP/[0-9]*/|SITES/|g" "$1"
}

# run_site DIR MODEL THREADS: the workload, then the restart.
run_site() {
    for j in spin1 spin2 spin3 spin4; do
        "$BIN/c1sub" "$TMP/$j.job" --site "$1" >/dev/null || bad "c1sub $j"
    done
    for j in timeout.job hello.job save.job access.job; do
        "$BIN/c1sub" "$JOBS/$j" --site "$1" >/dev/null || bad "c1sub $j"
    done
    "$BIN/c1" --site "$1" --model "$2" --pcs 4 --threads "$3" --until-idle >"$1.out" 2>&1 ||
        bad "c1 --threads $3 ($2) exited with $?"
    drop=$(ls "$1"/drop/SPIN.*.drop 2>/dev/null | head -1)
    if [ -z "$drop" ]; then
        bad "no dropfile with --threads $3 ($2)"
        return
    fi
    cp "$drop" "$1.drop"
    "$BIN/c1sub" --restart "$drop" --site "$1" --time 1 >/dev/null || bad "c1sub --restart"
    "$BIN/c1" --site "$1" --model "$2" --pcs 4 --threads "$3" --until-idle >>"$1.out" 2>&1 ||
        bad "c1 --threads $3 ($2), the restart, exited with $?"
}

for model in cray1 xmp; do
    for n in 1 2 4; do
        mkdir -p "$TMP/$n"
        run_site "$TMP/$n/$model" "$model" "$n"
    done
    one=$TMP/1/$model
    has "$model: the workload ran" "$one/dayfile" "END .*SPIN1" "END .*SPIN3" "DROP .*SPIN " \
        "END .*ACCESS" "RESTART\|START .*SPIN.*PC"
    outputs=$(cd "$one/out" && ls)
    [ "$(echo "$outputs" | wc -l)" -ge 9 ] && ok || bad "$model: outputs: $outputs"
    for n in 2 4; do
        other=$TMP/$n/$model
        strip "$one/dayfile" > "$TMP/d1"
        strip "$other/dayfile" > "$TMP/dn"
        if cmp -s "$TMP/d1" "$TMP/dn"; then ok; else
            bad "$model: dayfile with --threads $n differs from one thread's"
            diff "$TMP/d1" "$TMP/dn" | head -20
        fi
        [ "$(cd "$other/out" && ls)" = "$outputs" ] && ok || bad "$model: other outputs with --threads $n"
        same=1
        for f in $outputs; do
            case "$f" in
            *.log) strip "$one/out/$f" > "$TMP/a"; strip "$other/out/$f" > "$TMP/b" ;;
            *) cp "$one/out/$f" "$TMP/a"; cp "$other/out/$f" "$TMP/b" ;;
            esac
            cmp -s "$TMP/a" "$TMP/b" || { same=0; echo "$model --threads $n: $f differs"; }
        done
        [ $same = 1 ] && ok || bad "$model: outputs with --threads $n differ"
        "$BIN/dropfile" diff "$one.drop" "$other.drop" >"$TMP/diff" 2>&1
        if grep -v -e '^history\[[0-9]*\]\.wall_time: ' -e '^wall_clock\.' -e '^job_log: ' \
            "$TMP/diff" | grep -q .; then
            bad "$model: dropfile with --threads $n differs"
            e2e_show "$TMP/diff"
        else
            ok
        fi
    done
done

# The option's bounds.
"$BIN/c1" --site "$TMP/bad" --threads 0 2>"$TMP/err" && bad "--threads 0 accepted" || ok
hasf "threads bound" "$TMP/err" "--threads wants 1..16"
finish
