#!/bin/sh
# cache_corrupt.sh - a package whose model library fails its CRC-32 is
# refused as a bad package (exit 4) whether the cache is used, turned off
# or refused: libtorch is never asked to unzip it, and nothing is left
# behind, neither a cache entry nor a temporary directory.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

BAD=$TEST_TMP/corrupt.pt2
tmp=$TEST_TMP/tmp
mkdir "$tmp" && mkdir -m 777 "$TEST_TMP/open"
plan 5

"$PYTHON" - "$PKG" "$BAD" <<'PY'
import shutil, struct, sys, zipfile
src, dst = sys.argv[1:]
shutil.copyfile(src, dst)
with zipfile.ZipFile(dst) as z:
    so = next(i for i in z.infolist() if i.filename.endswith(".so"))
with open(dst, "r+b") as f:
    f.seek(so.header_offset)
    local = f.read(30)
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    at = so.header_offset + 30 + name_len + extra_len + so.compress_size // 2
    f.seek(at)
    byte = f.read(1)
    f.seek(at)
    f.write(bytes([byte[0] ^ 0xFF]))
PY
ok $? "a copy of the package with one byte of its model library flipped"

expect_error 4 'CRC-32' "with the cache: refused as a corrupted package" -- \
    env TMPDIR="$tmp" INDUCTOR_CACHE_DIR="$TEST_TMP/cache" \
    "$INDUCTOR" infer --model "$BAD" --random --seed 1
expect_error 4 'CRC-32' "INDUCTOR_NO_CACHE=1: refused too, never unzipped by libtorch" -- \
    env TMPDIR="$tmp" INDUCTOR_NO_CACHE=1 \
    "$INDUCTOR" infer --model "$BAD" --random --seed 1
expect_error 4 'CRC-32' "a refused cache directory: refused too" -- \
    env TMPDIR="$tmp" INDUCTOR_CACHE_DIR="$TEST_TMP/open" \
    "$INDUCTOR" infer --model "$BAD" --random --seed 1
[ -z "$(ls -A "$TEST_TMP/cache")" ] && [ -z "$(ls -A "$tmp")" ] &&
    [ -z "$(ls -A "$TEST_TMP/open")" ]
ok $? "nothing is left: no cache entry, no staging, no temporary directory"

finish
