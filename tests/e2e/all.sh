#!/bin/sh
# tests/e2e/all.sh NAME...: run the end-to-end scripts tests/e2e/NAME.sh, as
# many at once as the host has cores, each to its own log; print every log in
# the order given, then one closing line over the scripts:
# "e2e scripts: N passed, N failed".  Every script runs whatever the others do.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)

for name in "$@"; do
    echo "$name"
done | xargs -P "$jobs" -I{} sh -c 'sh tests/e2e/{}.sh >"$0/{}.log" 2>&1; echo $? >"$0/{}.rc"' "$dir"

passed=0
failed=0
failures=""
for name in "$@"; do
    cat "$dir/$name.log"
    if [ "$(cat "$dir/$name.rc")" = 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $name"
    fi
done
[ -z "$failures" ] || echo "e2e: failed scripts:$failures"
echo "e2e scripts: $passed passed, $failed failed"
[ $failed -eq 0 ]
