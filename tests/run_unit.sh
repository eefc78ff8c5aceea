#!/bin/sh
# tests/run_unit.sh: run each cmocka unit-test binary given (as many at once
# as the host has cores), then print one closing line "N passed, N failed"
# over all of them.  Exit 1 if any failed.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)

# Each binary's output goes to its own file, numbered in the order given.
i=0
for t in "$@"; do
    i=$((i + 1))
    printf '%s %s\n' "$i" "$t"
done | xargs -P "$jobs" -L 1 sh -c '"$2" >"$0/$1.out" 2>&1; echo $? >"$0/$1.rc"' "$dir"

passed=0
failed=0
i=0
for t in "$@"; do
    i=$((i + 1))
    out=$(cat "$dir/$i.out")
    status=$(cat "$dir/$i.rc")
    printf '%s\n' "$out" | grep -E '^\[  (FAILED|ERROR)|^\[  PASSED|FAILED TEST|ERROR' | sed "s|^|$(basename "$(dirname "$t")")/$(basename "$t"): |"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$status" -ne 0 ] && [ -z "$f" ]; then
        echo "$t: exited with status $status"
        printf '%s\n' "$out" | tail -20
        failed=$((failed + 1))
    fi
done
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]
