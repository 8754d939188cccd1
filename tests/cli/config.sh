#!/bin/sh
# config.sh - `infer --config FILE`: precedence (command line, environment,
# config, defaults) and each kind of config error, which is a usage error
# (exit 2) naming the file, the line and the key.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

DET=$FIXTURES/deterministic.pt2
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
CFG=$TEST_TMP/cfg.yaml
plan 15
unset INDUCTOR_MODEL INDUCTOR_MODEL_NAME INDUCTOR_DEVICE INDUCTOR_RUNNERS \
    INDUCTOR_OUTPUT_FORMAT INDUCTOR_OUTPUT_DIR INDUCTOR_CONFIG MODELS_DIR

cat >"$CFG" <<EOT
# every key
model: $DET
model_name: model
device: cpu
runners: 2
output_format: pretty
output_dir: $TEST_TMP/cfgout
EOT
run "$INDUCTOR" infer --config "$CFG" --input "$GOOD"
[ "$rc" -eq 0 ] && grep -q "^output 0: float32 \[1, 3\]$" "$TEST_TMP/out" &&
    [ -f "$TEST_TMP/cfgout/output0.npy" ]
ok $? "the config gives the model, the format and the output directory"

INDUCTOR_OUTPUT_FORMAT=json run "$INDUCTOR" infer --config "$CFG" --input "$GOOD"
json_get "$TEST_TMP/out" "d['num_outputs']" | grep -qx 1
ok $? "the environment overrides the config"

INDUCTOR_OUTPUT_FORMAT=json run "$INDUCTOR" infer --config "$CFG" --input "$GOOD" --format pretty
grep -q "^output 0: " "$TEST_TMP/out"
ok $? "the command line overrides the environment"

INDUCTOR_CONFIG=$CFG run "$INDUCTOR" infer --input "$GOOD"
grep -q "^output 0: " "$TEST_TMP/out"
ok $? "INDUCTOR_CONFIG names a config file"

printf 'device: tpu:0\nmodel: %s\n' "$DET" >"$TEST_TMP/dev.yaml"
expect_error 4 "unknown device 'tpu:0'" "a device from the config is used" -- \
    "$INDUCTOR" infer --config "$TEST_TMP/dev.yaml" --input "$GOOD"
INDUCTOR_DEVICE=cpu "$INDUCTOR" infer --config "$TEST_TMP/dev.yaml" --input "$GOOD" >/dev/null
ok $? "INDUCTOR_DEVICE overrides the config's device"

"$INDUCTOR" infer --config "$INDUCTOR_SRCDIR/config/example.yaml" --model "$DET" \
    --output-dir "$TEST_TMP/ex" --input "$GOOD" >/dev/null
ok $? "config/example.yaml is a valid config"

bad() { printf "$1" >"$TEST_TMP/bad.yaml"; echo "$TEST_TMP/bad.yaml"; }
expect_error 2 "bad.yaml:2: unknown key 'modle' \(known: model, model_name, device, runners, output_format, output_dir\)" \
    "an unknown key, with its line" -- "$INDUCTOR" infer --config "$(bad 'device: cpu\nmodle: x\n')" --input "$GOOD"
expect_error 2 "bad.yaml:3: runners: expected an integer from 1 to 1024, got 'many'" \
    "a bad runners value" -- "$INDUCTOR" infer --config "$(bad '# c\n\nrunners: many\n')" --input "$GOOD"
expect_error 2 "bad.yaml:1: output_format: expected json or pretty, got 'xml'" \
    "a bad output format" -- "$INDUCTOR" infer --config "$(bad 'output_format: xml\n')" --input "$GOOD"
expect_error 2 "bad.yaml:2: key 'device' appears twice" "a key given twice" -- \
    "$INDUCTOR" infer --config "$(bad 'device: cpu\ndevice: cuda\n')" --input "$GOOD"
expect_error 2 "bad.yaml:1: device: expected a single value" "a list where a value belongs" -- \
    "$INDUCTOR" infer --config "$(bad 'device: [cpu, cuda]\n')" --input "$GOOD"
expect_error 2 "bad.yaml:2: not valid YAML" "a YAML syntax error" -- \
    "$INDUCTOR" infer --config "$(bad 'device: cpu\n  model: : x\n')" --input "$GOOD"
expect_error 2 "nope.yaml: cannot read config: No such file or directory" "a missing config file" -- \
    "$INDUCTOR" infer --config "$TEST_TMP/nope.yaml" --input "$GOOD"
expect_error 2 "INDUCTOR_RUNNERS: runners: expected an integer from 1 to 1024, got '0'" \
    "a bad value in the environment" -- env INDUCTOR_RUNNERS=0 "$INDUCTOR" infer --model "$DET" --input "$GOOD"

finish
