#!/bin/sh
# tests/cal_corpus.sh DIR...: how many real CAL files assemble, with C-1's
# system text and without it (c1cal -S none).  The corpus stays outside the
# repository (its files' licences do not all allow copying; docs/cos-features.md
# names where the measured one came from).  A file counts as assembled when
# c1cal writes it, and "assembled but for externals" when its only errors
# are externals that neither a module of the file nor the system library
# defines (the loader's part: separate modules and libraries).  Prints one
# line per file and the totals.
#   sh tests/cal_corpus.sh /tmp/corpus/*
# A file named in DIR/.corpus-skip (one name a line) is not assembled on its
# own: an INCLUDE-only file such as a program's table of common offsets.
# With VERBOSE=1 a failed file's line also shows its first other error.
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
        name=$(basename "$f")
        if [ -f "$dir/.corpus-skip" ] && grep -qxF "$name" "$dir/.corpus-skip"; then
            continue
        fi
        total=$((total + 1))
        line=$name
        for mode in with without; do
            opt=
            [ $mode = without ] && opt="-S none"
            # shellcheck disable=SC2086
            if "$BIN/c1cal" $opt -o "$tmp/out.c1x" "$f" >/dev/null 2>"$tmp/err"; then
                eval "ok_$mode=\$((ok_$mode + 1))"
                line="$line $mode:ok"
                continue
            fi
            # What is not about externals: c1cal's closing lines aside.
            grep -v 'unresolved external\|no output written' "$tmp/err" >"$tmp/other"
            if ! grep -q . "$tmp/other"; then
                eval "ext_$mode=\$((ext_$mode + 1))"
                line="$line $mode:externals"
            else
                line="$line $mode:$(grep -c ': error ' "$tmp/other")-errors"
                [ "${VERBOSE:-0}" = 1 ] && [ $mode = with ] &&
                    line="$line [$(grep ': error ' "$tmp/other" | head -1 | sed 's/^[^:]*: *//')]"
            fi
        done
        echo "$line"
    done
done
echo "corpus: $total files; with the system text $ok_with assemble, $ext_with more but" \
    "for externals; without it $ok_without assemble, $ext_without more but for externals"
