#!/bin/sh
# tests/cal_corpus.sh DIR...: how many real CAL files assemble, with C-1's
# system text and without it (c1cal -S none).  The corpus stays outside the
# repository (its files' licences do not all allow copying; the report of
# issue 14 names where they came from).  A file counts as assembled when
# c1cal writes it, and "assembled but for externals" when its only errors
# are externals no module of the file defines (the loader's part: separate
# modules and libraries).  Prints one line per file and the totals.
#   sh tests/cal_corpus.sh /tmp/corpus
BIN=${BIN:-build/bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=0
for mode in with without; do
    eval "ok_$mode=0 ext_$mode=0"
done
for dir in "$@"; do
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        total=$((total + 1))
        line=$(basename "$f")
        for mode in with without; do
            opt=
            [ $mode = without ] && opt="-S none"
            # shellcheck disable=SC2086
            if "$BIN/c1cal" $opt -o "$tmp/out.c1x" "$f" >/dev/null 2>"$tmp/err"; then
                eval "ok_$mode=\$((ok_$mode + 1))"
                line="$line $mode:ok"
            elif ! grep -v 'unresolved external\|errors\?, no output written' "$tmp/err" | grep -q .; then
                eval "ext_$mode=\$((ext_$mode + 1))"
                line="$line $mode:externals"
            else
                line="$line $mode:$(grep -c ': error ' "$tmp/err")-errors"
            fi
        done
        echo "$line"
    done
done
echo "corpus: $total files; with the system text $ok_with assemble, $ext_with more but" \
    "for externals; without it $ok_without assemble, $ext_without more but for externals"
