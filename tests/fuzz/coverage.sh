#!/bin/sh
# coverage.sh - line and branch coverage of each fuzz target's code under a
# corpus, as docs/reliability.md reports it (`make fuzz-coverage`).
#
#   tests/fuzz/coverage.sh BUILDDIR CORPUSROOT [TARGET...]
#
# Rebuilds each target with clang's source-based coverage (instead of the
# sanitizers), runs it once over CORPUSROOT/<target> (make fuzz leaves its
# corpora in BUILDDIR/fuzz-work), and prints llvm-cov's summary of the files
# the target is about.  Needs clang, llvm-profdata and llvm-cov.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BUILDDIR CORPUSROOT [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
corpus=$2
shift 2
targets=${*:-tensor_json npy package call_spec signature}
work=$(mktemp -d "${TMPDIR:-/tmp}/inductor-cov.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc=${FUZZ_CC:-clang}
ver=$($cc --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
profdata=$(command -v "llvm-profdata-$ver" || command -v llvm-profdata)
cov=$(command -v "llvm-cov-$ver" || command -v llvm-cov)
# Paths as the compiler saw them: relative to the build directory.
src=$(sed -n 's/^srcdir = //p' "$build/Makefile")

for t in $targets; do
    case $t in
    tensor_json) files="src/cli/tensor_json.c src/cli/tensor_json_fast.c" ;;
    npy) files="src/cli/npy.c src/cli/npz.c src/lib/archive.c src/lib/pt2_archive.c" ;;
    package) files="src/lib/pt2_archive.c src/lib/package.c src/lib/inspect.c src/lib/io_signature.c" ;;
    call_spec) files="src/lib/call_spec.c" ;;
    signature) files="src/lib/signature.c" ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
    esac
    if [ ! -d "$corpus/$t" ]; then
        echo "== $t: no corpus in $corpus/$t (run make fuzz first)"
        continue
    fi
    # The target's own build command, with coverage instead of sanitizers.
    make -s -C "$build" -n -B "tests/fuzz/fuzz_$t" | tail -n 1 |
        sed -e 's/-fsanitize=fuzzer,address,undefined/-fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping/' \
            -e 's/-fno-sanitize-recover=undefined//' \
            -e "s|-o tests/fuzz/fuzz_$t|-o $work/cov_$t|" >"$work/build.sh"
    (cd "$build" && sh "$work/build.sh") >/dev/null
    n=$(find "$corpus/$t" -type f | wc -l)
    LLVM_PROFILE_FILE="$work/$t.profraw" "$work/cov_$t" -runs=0 "$corpus/$t" \
        >/dev/null 2>&1
    "$profdata" merge -sparse "$work/$t.profraw" -o "$work/$t.profdata"
    echo "== $t: $n corpus inputs"
    # llvm-cov 14 ignores source arguments to report: filter its lines.
    pattern="^Filename"
    for f in $files; do pattern="$pattern|^$src/$f "; done
    (cd "$build" && "$cov" report "$work/cov_$t" \
        -instr-profile="$work/$t.profdata") | grep -E "$pattern"
done
