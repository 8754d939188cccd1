#!/bin/sh
# bad_input_table.sh - runs every row of tests/reliability/cases.tsv: each
# bad input must exit with its code and print exactly one line on stderr,
# starting with "inductor: error:" and matching the row's regex, with
# nothing on stdout (expect_error).  Then checks that docs/reliability.md
# shows the same row: same id, same exit code, a message the regex matches.
#
# RELIABILITY_TABLE_OUT=FILE also writes the markdown rows, with the real
# messages, to FILE (how the doc's table is made).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SRC=${INDUCTOR_SRCDIR:-.}
CASES=$SRC/tests/reliability/cases.tsv
DOC=$SRC/docs/reliability.md
DET=$FIXTURES/deterministic.pt2
TWO=$FIXTURES/two_input.pt2
T=$TEST_TMP
B=$TEST_TMP/bad
TAB=$(printf '\t')
# Rows that hold only where this build cannot use a GPU.
CPU_ONLY="D04"

rows=$(grep -vc '^#' "$CASES")
plan $((2 * rows + 1))

mkdir -p "$B"
if ! "$PYTHON" "$SRC/tests/reliability/make_bad_packages.py" "$DET" "$TWO" "$B"; then
    echo "Bail out! cannot write the hostile packages"
    exit 1
fi

# Helpers the commands use.  Each writes a new file and prints its path.
file() { printf '%s' "$2" >"$T/$1"; echo "$T/$1"; }
json() { printf '%s' "$1" >"$T/$ROW.json" && echo "$T/$ROW.json"; }
zeros() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s0", i ? ", " : "" }'; }
batches() {
    json "{\"inputs\": [{\"dtype\": \"float32\", \"shape\": [$1, 4], \"data\": [$(zeros $(($1 * 4)))]},
 {\"dtype\": \"int64\", \"shape\": [$2, 3], \"data\": [$(zeros $(($2 * 3)))]}]}"
}
GOOD_TEXT='{"data": [1, 2, 3, 4], "shape": [1, 4]}'
GOOD=$(file good.json "$GOOD_TEXT")
GOOD2=$FIXTURES/two_input.input.json

# A command may start with one NAME=VALUE word: the environment of its run.
run_row() {
    case ${1%% *} in
    [A-Z]*=*) eval "${1%% *} \"\$INDUCTOR\" ${1#* }" </dev/null ;;
    *) eval "\"\$INDUCTOR\" $1" </dev/null ;;
    esac
}

# A usage error may add one hint line ("Try 'inductor --help' ..."), as
# getopt programs do; the error itself is the first line.
expect_usage() {
    want=$1 regex=$2 desc=$3
    shift 4
    run "$@"
    first=$(head -n 1 "$TEST_TMP/err")
    others=$(sed 1d "$TEST_TMP/err" | grep -vc "^Try '")
    if [ "$rc" -eq "$want" ] && [ "$others" -eq 0 ] &&
        printf '%s\n' "$first" | grep -q '^inductor: error: ' &&
        printf '%s\n' "$first" | grep -Eq -- "$regex" && [ ! -s "$TEST_TMP/out" ]; then
        ok 0 "$desc (exit $want)"
    else
        ok 1 "$desc (exit $want)"
        diag "exit status $rc, wanted $want; stderr:" "$(cat "$TEST_TMP/err")"
    fi
    head -n 1 "$TEST_TMP/err" >"$TEST_TMP/err1" && mv "$TEST_TMP/err1" "$TEST_TMP/err"
}

# The message as the doc shows it: no temporary or build paths, no '|'.
doc_message() {
    sed -e "s|$B/||g" -e "s|$T/||g" -e "s|$T|DIR|g" -e "s|$FIXTURES/||g" \
        -e 's/|/\\|/g' "$TEST_TMP/err"
}

# Field $2 of the doc's row for id $1 (| id | area | what | exit | `msg` |).
doc_field() {
    grep "^| $1 |" "$DOC" | head -n 1 | awk -F ' [|] ' -v f="$2" '{ print $f }' |
        sed -e 's/^`//' -e 's/` |$//' -e 's/`$//' -e 's/\\|/|/g'
}

seen=
while IFS="$TAB" read -r id area code regex what cmd; do
    case $id in '#'*|'') continue ;; esac
    seen="$seen $id"
    ROW=$id
    if [ "$INDUCTOR_BACKEND" != cpu ] && echo " $CPU_ONLY " | grep -q " $id "; then
        skip "$id: $what (a $INDUCTOR_BACKEND build may have the device)"
        skip "$id: docs/reliability.md (not checked on this build)"
        continue
    fi
    check=expect_error
    [ "$area" = usage ] && check=expect_usage
    $check "$code" "$regex" "$id $area: $what" -- run_row "$cmd"
    if [ -n "${RELIABILITY_TABLE_OUT:-}" ]; then
        printf '| %s | %s | %s | %s | `%s` |\n' "$id" "$area" "$what" "$rc" \
            "$(doc_message)" >>"$RELIABILITY_TABLE_OUT"
    fi
    doc_code=$(doc_field "$id" 4)
    doc_msg=$(doc_field "$id" 5)
    [ "$doc_code" = "$code" ] && printf '%s\n' "$doc_msg" | grep -Eq -- "$regex"
    ok $? "$id: docs/reliability.md shows exit $code and a matching message"
done <"$CASES"

extra=
for id in $(sed -n 's/^| \([A-Z][0-9][0-9]\) |.*/\1/p' "$DOC"); do
    echo " $seen " | grep -q " $id " || extra="$extra $id"
done
[ -z "$extra" ]
ok $? "docs/reliability.md has no row the table does not run${extra:+ (extra:$extra)}"
finish
