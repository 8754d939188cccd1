#!/bin/sh
# verify.sh - `inductor serve --verify` (issue #16): a model whose golden
# check passes is ready; one whose weights were altered in the zip is not
# ready, and its metadata's "error" names the differing output; without
# --allow-partial that model stops the server (exit 4).
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"

SRC=$INDUCTOR_SRCDIR
T=$TEST_TMP
plan 6

# --no-freeze: alter-weights finds the weights' bytes as PyTorch holds
# them, which freezing would prepack.
"$PYTHON" "$SRC/python/scripts/export_aot.py" --model mlp --batch-size 2 \
    --no-freeze --output "$T/good.pt2" --golden >/dev/null 2>"$T/x.err" &&
    "$PYTHON" "$SRC/tests/cli/golden_export.py" alter-weights mlp "$T/good.pt2" "$T/bad.pt2" 2>>"$T/x.err"
ok $? "a package with golden data, and a copy with altered weights"

code() { curl -s -o "$T/body" -w '%{http_code}' "$SERVE_URL$1"; }
if serve_start "$T/log" --verify --allow-partial --model "good=$T/good.pt2" --model "bad=$T/bad.pt2"; then
    [ "$(code /v2/models/good/ready)" = 200 ]
    ok $? "the model that passes its golden check is ready"
    [ "$(code /v2/models/bad/ready)" = 503 ]
    ok $? "the model that fails it is not ready"
    [ "$(code /v2/models/bad)" = 200 ] &&
        json_get "$T/body" "d['error']" | grep -q "^golden check failed: 1 of 1 outputs differ; output 0 'logits': max abs diff"
    ok $? "its metadata says why: the differing output, named"
    [ "$(code /v2/health/ready)" = 200 ]
    ok $? "with --allow-partial the server is ready for the model that passed"
    serve_stop
else
    for n in 1 2 3 4; do ok 1 "server with --verify started"; done
fi
"$INDUCTOR" serve --port 0 --verify --model "bad=$T/bad.pt2" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "golden check failed" "$T/err"
ok $? "without --allow-partial a model failing its golden check stops the server (exit 4)"

finish
