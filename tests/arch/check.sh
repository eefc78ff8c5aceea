#!/bin/sh
# tests/arch/check.sh BUILD: the architecture of docs/architecture.md, checked.
#
# 1. Layers: every quoted #include of a source in emu/, os/ and tools/ names a
#    file that exists, in the includer's own folder (by its bare name) or by
#    its path from the top (emu/cpu.h), and only in a folder the includer's
#    folder may use (the table ALLOWED below, the arrows of the picture).
# 2. No circles between files: from the symbols each object file of
#    BUILD/obj/{emu,os} defines and takes from the others (nm), the graph of
#    "file A calls into file B" has no cycle.
# 3. No source file in emu/, os/ or tools/ is over 850 lines.
# 4. No file of the project names the reference folder beside a checkout
#    (the repository stands alone).
# Prints "arch: N passed, N failed" over the four checks; exit 1 on failure.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 1
passed=0
failed=0

# folder: the folders it may include from (its own is always allowed)
ALLOWED='
emu:
os/disk:
os/rules:
os/dropfile: os/rules os/disk emu
os/cal: os/rules os/disk emu
os/loader: os/cal os/rules os/disk emu
os/datasets: os/dropfile os/rules os/disk emu
os: os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
os/switchp: os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
os/operator: os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
os/replay: os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
tools/display: os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
tools/replay: os/replay os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
tools/c1: tools/display os/operator os/replay os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
tools: tools/c1 tools/display tools/replay os/switchp os/operator os/replay os os/loader os/datasets os/dropfile os/cal os/rules os/disk emu
'

# ---- 1. layers ------------------------------------------------------------
layer_errors=$(
for f in $(find emu os tools -name '*.[ch]' | sort); do
    dir=$(dirname "$f")
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
    sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' |
    while read -r line name; do
        case "$name" in
        */*) target=$name ;;
        *) target=$dir/$name ;;
        esac
        if [ ! -f "$target" ]; then
            case "$name" in
            *_source.c) continue ;;     # generated into build/gen
            esac
            echo "$f:$line: includes \"$name\", which is not $target"
            continue
        fi
        case "$name" in
        */*) [ "$(dirname "$target")" = "$dir" ] &&
             echo "$f:$line: includes its own folder's \"$name\" by path; use \"$(basename "$name")\"" ;;
        esac
        from=$dir
        to=$(dirname "$target")
        [ "$from" = "$to" ] && continue
        allowed=$(printf '%s\n' "$ALLOWED" | sed -n "s|^$from:||p")
        ok=no
        for a in $allowed; do
            [ "$a" = "$to" ] && ok=yes
        done
        [ $ok = yes ] || echo "$f:$line: $from may not use $to (\"$name\"); see docs/architecture.md"
    done
done)
if [ -z "$layer_errors" ]; then
    echo "arch: layers ok (every include of emu/, os/, tools/ follows the arrows)"
    passed=$((passed + 1))
else
    printf '%s\n' "$layer_errors"
    echo "arch: FAIL layers"
    failed=$((failed + 1))
fi

# ---- 2. no circles between files ------------------------------------------
objects=$(find "$BUILD/obj/emu" "$BUILD/obj/os" -name '*.o' 2>/dev/null | sort)
if [ -z "$objects" ]; then
    echo "arch: FAIL circles: no object files under $BUILD/obj (build first)"
    failed=$((failed + 1))
else
    cycles=$(for o in $objects; do nm "$o" | sed "s|^|$o |"; done | awk -v build="$BUILD/obj/" '
        # lines: OBJECT [VALUE] TYPE SYMBOL
        NF == 4 && $3 ~ /^[TDBR]$/ { owner[$4] = $1 }
        NF == 3 && $2 == "U"       { wants[$1] = wants[$1] " " $3 }
        END {
            for (o in wants) {
                n = split(wants[o], s, " ")
                for (i = 1; i <= n; i++)
                    if ((s[i] in owner) && owner[s[i]] != o) {
                        edge[o, owner[s[i]]] = s[i]
                        if (!((o, owner[s[i]]) in seen)) {
                            seen[o, owner[s[i]]] = 1
                            out[o] = out[o] " " owner[s[i]]
                        }
                    }
            }
            # depth-first search for a back edge; print each cycle found once
            for (o in owner) nodes[owner[o]] = 1
            for (v in nodes) if (!(v in color)) dfs(v, 0)
        }
        function name(x) { sub(build, "", x); sub(/\.o$/, ".c", x); return x }
        function dfs(v, depth,    n, w, i, k, msg) {
            color[v] = 1; stack[depth] = v
            n = split(out[v], w, " ")
            for (i = 1; i <= n; i++) {
                if ((w[i] in color) && color[w[i]] == 1) {
                    msg = ""
                    for (k = 0; k <= depth; k++) if (stack[k] == w[i]) break
                    for (; k <= depth; k++)
                        msg = msg name(stack[k]) " -(" edge[stack[k], (k < depth ? stack[k+1] : w[i])] ")-> "
                    print msg name(w[i])
                } else if (!(w[i] in color)) dfs(w[i], depth + 1)
            }
            color[v] = 2
        }')
    if [ -z "$cycles" ]; then
        echo "arch: no circles ($(echo "$objects" | wc -l) object files of emu/ and os/)"
        passed=$((passed + 1))
    else
        printf 'circle: %s\n' "$cycles"
        echo "arch: FAIL circles between files"
        failed=$((failed + 1))
    fi
fi

# ---- 3. file size -----------------------------------------------------------
big=$(find emu os tools -name '*.[ch]' -exec wc -l {} + | awk '$2 != "total" && $1 > 850 { print $2 " (" $1 " lines)" }')
if [ -z "$big" ]; then
    echo "arch: no source file in emu/, os/, tools/ over 850 lines"
    passed=$((passed + 1))
else
    printf '%s\n' "$big" | sed 's/^/too long: /'
    echo "arch: FAIL file size"
    failed=$((failed + 1))
fi

# ---- 4. the repository stands alone ------------------------------------------
# No file of the project names the reference folder beside a checkout (a
# user's clone does not have it): data is copied in, sources named by their
# public place.  (The name is built from parts so that no file, this one
# included, spells it out.)
folder=sha
folder=${folder}red
outside="\\.\\./$folder"
named=$(grep -rlE "$outside" Makefile README.md .ci docs emu os tools tests jobs roms data bench \
        2>/dev/null | grep -v '^tests/arch/check.sh$')
if [ -z "$named" ]; then
    echo "arch: no file names the reference folder (../$folder)"
    passed=$((passed + 1))
else
    printf '%s\n' "$named" | sed "s|^|names ../$folder: |"
    echo "arch: FAIL the repository does not stand alone"
    failed=$((failed + 1))
fi

echo "arch: $passed passed, $failed failed"
[ $failed -eq 0 ]
