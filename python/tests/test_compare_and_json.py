"""compare_outputs and the JSON formats without any model (fast)."""

import math

import pytest

from conftest import run_script, write_json
from inductor_tools.compare import compare_records
from inductor_tools.tensor_json import (FormatError, TensorRecord,
                                        load_inputs, load_outputs,
                                        write_outputs)


def rec(dtype, data, shape=None):
    return TensorRecord(dtype, shape or [len(data)], data)


def test_nan_equals_nan_and_inf_equals_inf():
    a = [rec("float32", [math.nan, math.inf, 1.0])]
    b = [rec("float32", [math.nan, math.inf, 1.0 + 1e-7])]
    assert compare_records(a, b, 1e-5).ok


def test_nan_against_number_is_mismatch():
    result = compare_records([rec("float32", [math.nan])],
                             [rec("float32", [0.0])], 1e-5)
    assert not result.ok


@pytest.mark.parametrize("b, problem", [
    (rec("int64", [1, 2], [1, 2]), "shape"),
    (rec("int32", [1, 2]), "dtype"),
    (rec("int64", [1, 3]), "element 1: 2 vs 3"),
])
def test_integer_mismatches_are_named(b, problem):
    result = compare_records([rec("int64", [1, 2])], [b], 1e-5)
    assert not result.ok and problem in result.message


def test_bools_compare_exactly():
    assert not compare_records([rec("bool", [True])], [rec("bool", [False])],
                               1e-5).ok


def test_output_count_mismatch():
    assert not compare_records([rec("bool", [True])], [], 1e-5).ok


def test_output_json_round_trip(tmp_path):
    records = [rec("float32", [0.5, -1.0], [1, 2]), rec("bool", [True, False])]
    write_outputs(tmp_path / "o.json", records, latency_ms=1.5)
    assert load_outputs(tmp_path / "o.json") == (1.5, records)


def test_classic_input_is_float32(tmp_path):
    path = write_json(tmp_path / "i.json", {"data": [1, 2], "shape": [2]})
    assert load_inputs(path) == [rec("float32", [1, 2], [2])]


@pytest.mark.parametrize("doc", [
    {"data": [1, 2, 3], "shape": [2]},
    {"inputs": [{"dtype": "int64", "shape": [1], "data": [1.5]}]},
    {"inputs": [{"dtype": "bool", "shape": [1], "data": [1]}]},
    {"inputs": [{"dtype": "complex64", "shape": [1], "data": [1]}]},
    {"shape": [1]},
])
def test_malformed_inputs_are_rejected(tmp_path, doc):
    with pytest.raises(FormatError):
        load_inputs(write_json(tmp_path / "i.json", doc))


def test_unreadable_file_exits_2(tmp_path):
    good = tmp_path / "good.json"
    write_outputs(good, [rec("float32", [1.0])], latency_ms=0.0)
    (tmp_path / "bad.json").write_text("{not json")
    assert run_script("compare_outputs", good, tmp_path / "bad.json").returncode == 2
    assert run_script("compare_outputs", good, tmp_path / "none.json").returncode == 2
    proc = run_script("compare_outputs", good, good)
    assert (proc.returncode, proc.stdout) == (0, "match: 1 output, max abs diff 0\n")
