#!/usr/bin/env python3
"""consistency.py - the documentation names only what the program has.

Prints TAP.  Everything it checks against is derived, never listed here:

- subcommands from `inductor --help`, each one's long options from
  `inductor CMD --help` (`--full-help` where that exists: hidden options),
  the top-level options from `inductor --help`;
- the environment variables the program reads, from the C/C++ sources in
  src/ and bridge/: getenv/secure_getenv of a literal, of a macro (resolved
  through its #define), or of a table entry (every upper-case string literal
  of a file whose getenv takes a non-literal; a getenv whose name cannot be
  found that way is itself a failure, so no indirection goes unchecked);
- names the rest of the tree defines: the public header's INDUCTOR_*
  identifiers, and variables that scripts, tests, make, configure and
  packaging read ($NAME, ${NAME}, $(NAME), AC_ARG_VAR, os.environ).

Then it checks:

1. every subcommand named after `inductor` in a command line of README.md,
   docs/*.md or man/*.h2m exists;
2. every --option on such a command line is an option of that subcommand
   (or of `inductor` itself).  A command line is a code block line or code
   span whose command word is `inductor` or a path ending in /inductor,
   after optional VAR=value assignments, a `$ ` prompt, or a `|`, `&&`,
   `;` or sudo/env/exec/time before it; it ends at a pipe into another
   program, `&&`, `;`, `&` or a redirection.  Options of other programs
   (configure, pip, curl, nix, export_aot.py...) are on their own command
   lines and so are never taken for inductor's.  A man page is about
   inductor alone, so every --option in man/*.h2m must be one of its
   options; in a markdown section whose heading names `inductor CMD`, a
   code span that is just an option must be one of CMD's;
3. every INDUCTOR_* or AOT_* name in README.md and docs/*.md is read by the
   program or defined by the tree (above); in man/*.h2m it must be read by
   the program itself;
4. every variable the program reads is listed in the ENVIRONMENT section
   of at least one generated man page;
5. every docs/*.md or man/*.h2m path the documents name exists;
6. every subcommand has a row (`| `inductor CMD` |`) in README.md's
   commands table;
7. every --with-*/--without-*/--enable-*/--disable-* option the documents
   name is one `configure --help` lists.
"""
import glob
import os
import re
import subprocess
import sys

SRC = os.environ.get("INDUCTOR_SRCDIR", ".")
BUILD = os.environ.get("INDUCTOR_BUILDDIR", ".")
PROG = os.environ["INDUCTOR"]
PAGES = os.environ.get("INDUCTOR_MAN_PAGES", "").split()

OPT_RE = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
ENV_RE = re.compile(r"\b(?:INDUCTOR|AOT)_[A-Z0-9_]*[A-Z0-9]\b")


def run(*args):
    return subprocess.run([PROG, *args], capture_output=True, text=True,
                          check=False).stdout


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


# ---- what the program has -------------------------------------------------

def program_facts():
    top = run("--help")
    block = re.search(r"^Commands:\n(.*?)\n\n", top, re.S | re.M)
    commands = re.findall(r"^  ([a-z][a-z0-9-]*)  ", block.group(1) if block
                          else "", re.M)
    options = {None: set(OPT_RE.findall(top))}
    for c in commands:
        h = run(c, "--help")
        if "--full-help" in h:
            h += run(c, "--full-help")
        options[c] = set(OPT_RE.findall(h))
    return commands, options


CONF_RE = re.compile(r"(?<![\w-])--(?:with|without|enable|disable)-[a-z0-9-]*"
                     r"[a-z0-9]")


def configure_options():
    """configure's --with/--enable options (both spellings of each)."""
    conf = os.path.join(SRC, "configure")
    if not os.path.exists(conf):
        return None
    h = subprocess.run(["sh", conf, "--help"], capture_output=True,
                       text=True, check=False).stdout
    have = set()
    for o in CONF_RE.findall(h):
        stem = re.sub(r"^--(with|without|enable|disable)-", "", o)
        pair = ("with", "without") if o[2] == "w" else ("enable", "disable")
        have |= {f"--{pair[0]}-{stem}", f"--{pair[1]}-{stem}"}
    return have


def c_sources():
    for d in ("src", "bridge"):
        for root, _, files in os.walk(os.path.join(SRC, d)):
            for f in files:
                if f.endswith((".c", ".h", ".cc", ".cpp")):
                    yield os.path.join(root, f)


def program_env(failures):
    """{NAME: 'file:line'} of every variable the program reads."""
    texts = {p: read(p) for p in c_sources()}
    defines = {}
    for t in texts.values():
        for m in re.finditer(r'#\s*define\s+([A-Z_][A-Z0-9_]*)\s+"([^"]+)"', t):
            defines[m.group(1)] = m.group(2)
    env = {}
    for p, t in texts.items():
        rel = os.path.relpath(p, SRC)
        for m in re.finditer(r"\b(?:secure_)?getenv\s*\(\s*([^)]*)\)", t):
            arg, where = m.group(1).strip(), f"{rel}:{line_of(t, m.start())}"
            if re.fullmatch(r'"[^"]+"', arg):
                env.setdefault(arg[1:-1], where)
            elif arg in defines:
                env.setdefault(defines[arg], where)
            else:
                table = re.findall(r'"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"', t)
                if not table:
                    failures.append(("src", f"{where}: getenv({arg}): cannot tell "
                                    "which variable it reads"))
                for name in table:
                    env.setdefault(name, where)
    return env


TOOLING = ("scripts", "tests", "mk", "m4", "packaging", "nix", "bench",
           "python", "Makefile.am", "configure.ac", "flake.nix")


def tree_names():
    """INDUCTOR_*/AOT_* names the tree defines outside the documents."""
    names = set(ENV_RE.findall(read(os.path.join(SRC, "include/inductor.h"))))
    for v in glob.glob(os.path.join(SRC, "include/inductor_version.h*")):
        names |= set(ENV_RE.findall(read(v)))
    reads = re.compile(r"\$\{?\(?(%s)|AC_ARG_VAR\(\[?(%s)|environ(?:\.get)?"
                       r"[\[(]\s*['\"](%s)|^(%s)\s*[+:?]?=" %
                       ((ENV_RE.pattern.replace(r"\b", ""),) * 4), re.M)
    for top in TOOLING:
        base = os.path.join(SRC, top)
        paths = [base] if os.path.isfile(base) else [
            os.path.join(r, f) for r, _, fs in os.walk(base) for f in fs]
        for p in paths:
            if p.endswith((".pt2", ".so", ".o", ".pyc", ".npy", ".npz")):
                continue
            for m in reads.finditer(read(p)):
                names.add(next(g for g in m.groups() if g))
    return names


# ---- what the documents name ----------------------------------------------

def code_segments(path, text):
    """(line, text) of every command-bearing piece of a document."""
    if path.endswith(".h2m"):
        plain = re.sub(r"\\f[BIRP]|\\f\(..|\\,|\\/|\\&", "", text)
        plain = plain.replace("\\-", "-")
        return [(i + 1, ln) for i, ln in enumerate(plain.split("\n"))]
    segs, fenced, lines = [], False, text.split("\n")
    prose = []
    for i, ln in enumerate(lines):
        if ln.lstrip().startswith("```"):
            fenced = not fenced
            prose.append("")
            continue
        if fenced:
            segs.append((i + 1, re.sub(r"(^|\s)#.*", "", ln)))
            prose.append("")
        else:
            prose.append(ln)
    ptext = "\n".join(prose)
    for m in re.finditer(r"`([^`]+)`", ptext):
        segs.append((line_of(ptext, m.start()), m.group(1).replace("\n", " ")))
    return join_continuations(segs)


def join_continuations(segs):
    """Join `\\` continuations and indented synopsis lines ([--x], (--y)."""
    out = []
    for n, s in segs:
        if out and out[-1][0] == n - 1 and (
                out[-1][1].rstrip().endswith("\\") or
                re.match(r"\s+[\[(|-]", s)) and "inductor" in out[-1][1]:
            out[-1] = (out[-1][0], out[-1][1].rstrip().rstrip("\\") + " " + s,
                       n)
        else:
            out.append((n, s, n))
    return [(n, s) for n, s, _ in out]


STARTERS = {"|", "||", "&&", ";", "sudo", "env", "exec", "time", "then",
            "do", "$"}
ENDERS = {"&&", "||", ";", "&", ">", ">>", "<", "2>", "2>&1"}


def inductor_commands(seg):
    """(subcommand word or None, [options]) of each inductor command line."""
    toks = seg.replace("$(", " ").split()
    i, prev_start = 0, True
    while i < len(toks):
        t = toks[i].strip("'\"")
        if prev_start and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", t):
            i += 1
            continue
        if prev_start and (t == "inductor" or t.endswith("/inductor")):
            j, sub, opts = i + 1, None, []
            if j < len(toks) and re.fullmatch(r"[a-z][a-z0-9-]*", toks[j]):
                sub, j = toks[j], j + 1
            while j < len(toks) and toks[j] not in ENDERS:
                if toks[j] == "|" and j + 1 < len(toks) and \
                        not re.match(r"[\[(-]", toks[j + 1]):
                    break
                opts += OPT_RE.findall(toks[j])
                j += 1
            yield sub, opts
            i, prev_start = j, False
            continue
        prev_start = t in STARTERS
        i += 1


def main():
    failures = []
    commands, options = program_facts()
    all_opts = set().union(*options.values())
    env = program_env(failures)
    known_env = set(env) | tree_names()
    docs = [os.path.join(SRC, "README.md")] + sorted(
        glob.glob(os.path.join(SRC, "docs", "*.md"))) + sorted(
        glob.glob(os.path.join(SRC, "man", "*.h2m")))
    checked = {"commands": 0, "options": 0, "env": 0}
    conf_opts = configure_options()
    if conf_opts is None:
        failures.append(("conf", "no configure in the source tree to ask"))

    for path in docs:
        rel = os.path.relpath(path, SRC)
        text = read(path)
        h2m = path.endswith(".h2m")
        for n, seg in code_segments(path, text):
            for sub, opts in inductor_commands(seg):
                if sub is not None:
                    checked["commands"] += 1
                    if sub not in commands:
                        failures.append(("sub", f"{rel}:{n}: 'inductor {sub}': "
                                         "no such subcommand in 'inductor "
                                         "--help'"))
                        continue
                have = options[None] | (options[sub] if sub else set())
                for o in opts:
                    checked["options"] += 1
                    if o not in have:
                        failures.append(("opt", f"{rel}:{n}: 'inductor "
                                         f"{sub or ''} {o}': no such option "
                                         "in its --help"))
        if h2m:
            plain = text.replace("\\-", "-")
            for m in OPT_RE.finditer(plain):
                checked["options"] += 1
                if m.group(0) not in all_opts:
                    failures.append(("opt", f"{rel}:{line_of(plain, m.start())}"
                                    f": '{m.group(0)}': no inductor command "
                                    "has it"))
        else:
            section = None
            for i, ln in enumerate(text.split("\n")):
                h = re.match(r"#+ .*?`inductor ([a-z][a-z0-9-]*)", ln)
                if ln.startswith("#") and not ln.startswith("#!"):
                    section = h.group(1) if h else None
                if section is not None and section in options:
                    for m in re.finditer(r"`(--[a-z][a-z0-9-]*)(?:[ =][^`]*)?`",
                                         ln):
                        checked["options"] += 1
                        if m.group(1) not in options[section] | options[None]:
                            failures.append((
                                "opt", f"{rel}:{i + 1}: '{m.group(1)}' under a "
                                f"heading about 'inductor {section}': not one "
                                "of its options"))
        for m in CONF_RE.finditer(text) if conf_opts else ():
            checked["options"] += 1
            if m.group(0) not in conf_opts:
                failures.append(("conf", f"{rel}:{line_of(text, m.start())}: "
                                 f"'{m.group(0)}': not in 'configure --help'"))
        for m in ENV_RE.finditer(text):
            checked["env"] += 1
            name, where = m.group(0), f"{rel}:{line_of(text, m.start())}"
            if h2m and name not in env:
                failures.append(("env", f"{where}: {name}: a man page names "
                                 "a variable the program does not read"))
            elif name not in known_env:
                failures.append(("env", f"{where}: {name}: neither the "
                                 "program nor the tree reads or defines it"))
        for m in re.finditer(r"(?<![\w/.-])((?:docs|man)/[a-z0-9_.-]+\.(?:md|h2m))",
                             text):
            if not os.path.exists(os.path.join(SRC, m.group(1))):
                failures.append(("file", f"{rel}:{line_of(text, m.start())}"
                                 f": {m.group(1)}: no such file"))

    readme = read(os.path.join(SRC, "README.md"))
    for c in commands:
        if not re.search(r"^\| `inductor %s`" % re.escape(c), readme, re.M):
            failures.append(("table", f"README.md: 'inductor {c}' has no row "
                                      "in the commands table"))

    environment = ""
    for p in PAGES:
        f = os.path.join(BUILD, p)
        f = f if os.path.exists(f) else os.path.join(SRC, p)
        page = read(f)
        for sect in re.findall(r"^\.SH ENVIRONMENT\n(.*?)(?=^\.SH |\Z)", page,
                               re.S | re.M):
            environment += sect.replace("\\-", "-").replace("\\_", "_")
    for name, where in sorted(env.items()):
        if not re.search(r"(?<![A-Z0-9_])%s(?![A-Z0-9_])" % name, environment):
            failures.append(("man", f"{where}: {name} is read by the "
                             "program but no man page lists it under "
                             "ENVIRONMENT"))

    # One line per failure, else one passing line per check.
    sanity = (len(commands) >= 5 and len(env) >= 5 and len(PAGES) >= 2 and
              checked["commands"] > 0 and checked["options"] > 0)
    lines = [(sanity, "derived %d subcommands, %d options, %d variables the "
              "program reads, %d man pages; checked %d subcommand, %d option "
              "and %d variable mentions" % (
                  len(commands), len(all_opts), len(env), len(PAGES),
                  checked["commands"], checked["options"], checked["env"]))]
    for cat, what in CHECKS:
        bad = [f for c, f in failures if c == cat]
        lines += [(False, f) for f in bad] or [(True, what)]
    print(f"1..{len(lines)}")
    for k, (good, text) in enumerate(lines, start=1):
        print(f"{'ok' if good else 'not ok'} {k} - {text}")
    return 0


CHECKS = [
    ("sub", "every 'inductor CMD' in the documents is a subcommand"),
    ("opt", "every inductor --option in the documents is one it has"),
    ("env", "every INDUCTOR_*/AOT_* name in the documents exists"),
    ("man", "every variable the program reads is under a man page's "
            "ENVIRONMENT"),
    ("src", "every getenv in the sources names its variable"),
    ("file", "every docs/ and man/ file the documents name exists"),
    ("table", "every subcommand has a row in README.md's commands table"),
    ("conf", "every --with/--enable option the documents name is "
             "configure's"),
]


if __name__ == "__main__":
    sys.exit(main())
