#!/bin/sh
# tests/e2e/corpus.sh: tests/cal_corpus.sh, the measure of C-1's CAL on real
# code (docs/cos-features.md, "Tried on real code"), counts what it says on a
# small corpus made here:
#   1. a file that assembles; one whose only errors are externals no module
#      and no library defines (c1cal's "not linked" close: counted as
#      assembled but for externals); one with an error (counted failed);
#   2. an INCLUDE-only file named in the folder's .corpus-skip is not
#      assembled on its own, and the file that includes it assembles;
#   3. the totals line, with and without the system text (a file that uses
#      MESSAGE assembles only with it); VERBOSE=1 shows a failure's first
#      error.
NAME=corpus
. tests/e2e/lib.sh
C=$TMP/corpus/set
mkdir -p "$C"

cat >"$C/plain.cal" <<'CAL'
         IDENT     PLAIN
         S1        1
         J         B00
         END
CAL
cat >"$C/wants.cal" <<'CAL'
         IDENT     WANTS
         EXT       NOWHERE
         R         NOWHERE
         J         B00
         END
CAL
cat >"$C/broken.cal" <<'CAL'
         IDENT     BROKEN
         S1        UNDEFINED
         J         B00
         END
CAL
cat >"$C/table" <<'CAL'
OFFSET   =         3
CAL
cat >"$C/uses.cal" <<'CAL'
         INCLUDE   'table'
         IDENT     USES
         A1        OFFSET
         MESSAGE   ='HI'Z
         J         B00
         END
CAL
echo table >"$C/.corpus-skip"

out=$TMP/out
sh tests/cal_corpus.sh "$C" >"$out" 2>&1

# 1. one line per file, each in its class
has "assembles" "$out" '^plain.cal with:ok without:ok$'
has "externals only" "$out" '^wants.cal with:externals without:externals$'
has "an error" "$out" '^broken.cal with:1-errors without:1-errors$'
# 2. the INCLUDE-only file is skipped, its includer assembles (with MESSAGE
#    only with the system text)
lacks "skipped" "$out" '^table '
has "includer" "$out" '^uses.cal with:ok without:1-errors$'
# 3. the totals
has "totals" "$out" \
    'corpus: 4 files; with the system text 2 assemble, 1 more but for externals; without it 1 assemble, 1 more but for externals'
VERBOSE=1 sh tests/cal_corpus.sh "$C" >"$out" 2>&1
has "verbose" "$out" '^broken.cal with:1-errors \[.*UNDEFINED.*\] without:1-errors$'

finish
