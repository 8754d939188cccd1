#!/bin/sh
# cli_includes.sh - the program sees the library only through its public
# header: every #include in src/cli and src/serve names a system header,
# include/'s inductor.h or inductor_version.h, config.h, a header of
# src/cli or src/serve themselves, or a gengetopt parser's NAME_cmdline.h.
# The CLI's include path (CLI_CPPFLAGS, mk/cli.am) already leaves out
# src/lib and bridge/; this also catches what a path would reach by
# spelling a directory ("../lib/x.h") or through the top source directory
# that automake puts on every include path ("src/lib/x.h").
SRC=${INDUCTOR_SRCDIR:-.}
cd "$SRC" || exit 1
echo "1..3"

# "FILE: <include>" for each include in FILE of a header not allowed above.
disallowed() {
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\(["<][^">]*[">]\).*/\1/p' "$1" |
    while read -r inc; do
        name=${inc#?}
        name=${name%?}
        case $inc in
        \<*)
            # A system header, unless the library or the bridge has one of
            # that name (an angle-bracket spelling of an internal header).
            if [ -e "src/lib/$name" ] || [ -e "bridge/$name" ]; then
                echo "$1: $inc"
            fi ;;
        *)
            case $name in
            */*) echo "$1: $inc" ;;
            config.h | inductor.h | inductor_version.h | *_cmdline.h) ;;
            *) [ -e "src/cli/$name" ] || [ -e "src/serve/$name" ] ||
                echo "$1: $inc" ;;
            esac ;;
        esac
    done
}

bad=$(for f in src/cli/*.[ch] src/serve/*.[ch]; do
    case $f in *_cmdline.[ch]) continue ;; esac # gengetopt's output
    disallowed "$f"
done)
if [ -z "$bad" ]; then
    echo "ok 1 - src/cli and src/serve include only public, system and their own headers"
else
    echo "not ok 1 - src/cli and src/serve include headers outside include/, src/cli and src/serve"
    printf '%s\n' "$bad" | sed 's/^/# /'
fi

# The rule itself, on a file that breaks it in each way and one that
# keeps it: the check must be able to fail.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/bad.c" <<'C'
#include "sha256.h"
#include "../lib/internal.h"
#include "src/lib/pt2_archive.h"
#  include <backend_abi.h>
C
cat >"$tmp/good.c" <<'C'
#include "config.h"
#include <stdio.h>
#include <json-c/json.h>
#include "inductor.h"
#include "errbuf.h"
#include "serve_buf.h"
#include "infer_cmdline.h"
C
n=$(disallowed "$tmp/bad.c" | wc -l)
if [ "$n" -eq 4 ]; then
    echo "ok 2 - each way of reaching an internal header is caught"
else
    echo "not ok 2 - $n of 4 internal includes caught"
    disallowed "$tmp/bad.c" | sed 's/^/# /'
fi
if [ -z "$(disallowed "$tmp/good.c")" ]; then
    echo "ok 3 - system, public, CLI, server and generated headers pass"
else
    echo "not ok 3 - allowed includes refused"
    disallowed "$tmp/good.c" | sed 's/^/# /'
fi
