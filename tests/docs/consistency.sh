#!/bin/sh
# consistency.sh - README.md, docs/*.md and the man pages name only the
# subcommands, options and environment variables the program has, and every
# variable the program reads is in a man page's ENVIRONMENT section.  The
# lists come from the built program and the sources (consistency.py says
# how), so a new subcommand or option is checked without editing this test.
: "${INDUCTOR:?INDUCTOR must name the inductor program}"
: "${PYTHON:?PYTHON must name a Python 3}"
exec "$PYTHON" "${INDUCTOR_SRCDIR:-.}/tests/docs/consistency.py"
