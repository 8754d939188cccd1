#!/bin/sh
# output_chmod_race.sh - results get their mode through the descriptor
# before close, never by path afterwards.  An LD_PRELOAD shim plays the
# attacker who wins the race: whenever the program chmod()s a path, the
# shim first swaps that path for a symbolic link to a victim file.  With a
# by-path chmod the victim's mode changes; with fchmod nothing does.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
VICTIM=$TEST_TMP/victim
PKG=$FIXTURES/two_input.pt2
IN=$FIXTURES/two_input.input.json
plan 5

cat >"$TEST_TMP/swap.c" <<EOC
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int chmod(const char *path, mode_t mode)
{
    int (*real)(const char *, mode_t) =
        (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "chmod");
    unlink(path);
    if (symlink("$VICTIM", path) != 0)
        perror("swap");
    return real(path, mode);
}
EOC
"${CC:-cc}" -shared -fPIC -o "$TEST_TMP/swap.so" "$TEST_TMP/swap.c" -ldl
ok $? "the race-winning shim builds"
# Under ASan (the sanitizer suite) the shim is preloaded before ASan's
# runtime, which ASan refuses unless told that this order is intended.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

echo secret >"$VICTIM" && chmod 600 "$VICTIM"
(umask 022 && LD_PRELOAD=$TEST_TMP/swap.so "$INDUCTOR" infer --model "$PKG" \
    --input "$IN" --output "$TEST_TMP/result.json" 2>"$TEST_TMP/err")
[ "$(stat -c %a "$VICTIM")" = 600 ]
ok $? "--output FILE: the victim's mode is untouched (still 600)"
[ -f "$TEST_TMP/result.json" ] && [ ! -L "$TEST_TMP/result.json" ] &&
    [ "$(stat -c %a "$TEST_TMP/result.json")" = 644 ] &&
    json_get "$TEST_TMP/result.json" "d['num_outputs']" | grep -qx 2
ok $? "--output FILE: the result is a regular file with mode 644 (umask 022)"

(umask 022 && LD_PRELOAD=$TEST_TMP/swap.so "$INDUCTOR" infer --model "$PKG" \
    --input "$IN" --output-dir "$TEST_TMP/outdir" >/dev/null 2>"$TEST_TMP/err")
[ "$(stat -c %a "$VICTIM")" = 600 ]
ok $? "--output-dir: the victim's mode is untouched (still 600)"
n=$(find "$TEST_TMP/outdir" -name '*.npy' -type f -perm 644 | wc -l)
[ "$n" -eq 2 ] && [ "$(find "$TEST_TMP/outdir" -type l | wc -l)" -eq 0 ]
ok $? "--output-dir: two .npy results, regular files with mode 644"

finish
