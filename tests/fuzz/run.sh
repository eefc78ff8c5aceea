#!/bin/sh
# tests/fuzz/run.sh MODE SECONDS TARGET...
#   smoke: run each libFuzzer target over its seed corpus (tests/fuzz/corpus/NAME)
#          plus 2000 fresh inputs, for `make test`;
#   run:   fuzz each target for SECONDS, keeping new inputs in build/fuzz/corpus/NAME.
mode=$1
seconds=$2
shift 2
status=0
for target in "$@"; do
    name=$(basename "$target")
    seed=tests/fuzz/corpus/$name
    work=build/fuzz/corpus/$name
    mkdir -p "$work"
    [ -d "$seed" ] || mkdir -p "$seed"
    if [ "$mode" = smoke ]; then
        if "$target" -runs=2000 -seed=1 "$work" "$seed" >"build/fuzz/$name.log" 2>&1; then
            echo "fuzz: $name ok ($(ls "$seed" | wc -l) seeds + 2000 runs)"
        else
            echo "fuzz: $name FAILED (build/fuzz/$name.log)"; tail -30 "build/fuzz/$name.log"; status=1
        fi
    else
        if "$target" -max_total_time="$seconds" "$work" "$seed" >"build/fuzz/$name.log" 2>&1; then
            echo "fuzz: $name ok for ${seconds}s: $(grep -c . "build/fuzz/$name.log") log lines, corpus $(ls "$work" | wc -l)"
        else
            echo "fuzz: $name FAILED (build/fuzz/$name.log)"; tail -30 "build/fuzz/$name.log"; status=1
        fi
    fi
done
exit $status
