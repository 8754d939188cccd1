#!/bin/sh
# help2man.sh - writes one man page of inductor from the program's --help.
#
#   help2man.sh PROGRAM VERSION H2MDIR OUTPUT
#
# OUTPUT's name picks the page: man/inductor.1 documents `inductor`,
# man/inductor-CMD.1 documents `inductor CMD`.  The one-line NAME of a
# subcommand page and the SEE ALSO list come from `PROGRAM --help`, so a new
# subcommand needs only its page added to INDUCTOR_MAN_PAGES (mk/dist.am)
# and, optionally, an H2MDIR/inductor-CMD.h2m with extra sections.
#
# Without help2man (HELP2MAN empty), the page shipped in the release tarball
# (H2MDIR/PAGE.1) is copied instead, so tarball builds need no help2man.
set -eu

prog=$1 version=$2 h2mdir=$3 out=$4
page=$(basename "$out" .1)
cmd=${page#inductor}
cmd=${cmd#-}

die() { echo "help2man.sh: $*" >&2; exit 1; }

if [ -z "${HELP2MAN:-}" ]; then
    shipped=$h2mdir/$page.1
    [ -f "$shipped" ] ||
        die "help2man is needed to generate $out (install help2man, or build from a release tarball, which ships the man pages)"
    if [ ! "$shipped" -ef "$out" ]; then
        cp "$shipped" "$out"
    else
        touch "$out"
    fi
    echo "help2man.sh: help2man not found: using the shipped $page.1" >&2
    exit 0
fi

case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/inductor-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The command table of `inductor --help`: "  NAME   summary" lines.
"$prog" --help >"$tmp/help" || die "'$prog --help' failed"
sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  *\(.*\)$/\1 \2/p' \
    "$tmp/help" >"$tmp/commands"
[ -s "$tmp/commands" ] || die "no command table in '$prog --help'"

if [ -z "$cmd" ]; then
    name="run PyTorch AOTInductor packages from C, with no Python"
    # help2man runs the program by its file name: give it the real one.
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$prog" >"$tmp/$page"
else
    name=$(sed -n "s/^$cmd //p" "$tmp/commands")
    [ -n "$name" ] ||
        die "'$cmd' is not a command listed by '$prog --help' (stale INDUCTOR_MAN_PAGES?)"
    printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$prog" "$cmd" >"$tmp/$page"
fi
chmod +x "$tmp/$page"

# SEE ALSO: the main page and every other command's page.
{
    echo "[SEE ALSO]"
    for p in inductor $(sed 's/ .*//; s/^/inductor-/' "$tmp/commands"); do
        [ "$p" = "$page" ] || echo ".BR $(echo "$p" | sed 's/-/\\-/g') (1)"
    done | sed '$!s/$/ ,/'
} >"$tmp/seealso.h2m"

set -- --no-info --version-string="$version" --source="inductor $version" \
    --name="$name" --include="$tmp/seealso.h2m"
[ -f "$h2mdir/$page.h2m" ] && set -- "$@" --include="$h2mdir/$page.h2m"
"$HELP2MAN" "$@" --output="$tmp/page.1" "$tmp/$page" ||
    die "help2man failed for $page"

# help2man takes the first word of "Usage: inductor CMD ..." as the program:
# move CMD from the arguments into the bold command name.
if [ -n "$cmd" ]; then
    sed -e "/^\.SH SYNOPSIS/,/^\.SH/{
        s/^\.B inductor\$/.B \"inductor $cmd\"/
        s/^\\\\fI\\\\,$cmd \\\\\\/\\\\fR/\\\\fR/
        s/^\\\\fI\\\\,$cmd /\\\\fI\\\\,/
    }" "$tmp/page.1" >"$tmp/fixed.1"
else
    cp "$tmp/page.1" "$tmp/fixed.1"
fi
mv "$tmp/fixed.1" "$out"
