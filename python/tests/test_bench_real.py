"""The pure logic of `make bench`'s real models (bench/real_*.py): the
export cache key, the per-cell call estimate and the target verdicts."""
import argparse
import os
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench")
sys.path.insert(0, BENCH)

import real_bench  # noqa: E402
import real_models  # noqa: E402


def key(**over):
    args = dict(name="bert", torch_version="2.13.0+cpu", transformers_version="5.25.0",
                config_dict={"hidden_size": 768, "num_hidden_layers": 12})
    args.update(over)
    return real_models.cache_key(**args)


def test_cache_key_is_stable_and_follows_what_decides_the_export():
    assert key() == key()
    assert key(config_dict={"num_hidden_layers": 12, "hidden_size": 768}) == key()
    others = {key(name="gpt2"), key(torch_version="2.14.0+cpu"),
              key(transformers_version="5.26.0"),
              key(config_dict={"hidden_size": 768, "num_hidden_layers": 4}),
              key(threads=4)}
    assert key() not in others and len(others) == 5


def bench_with(cells):
    b = real_bench.RealBench.__new__(real_bench.RealBench)
    b.res = {"cells": cells}
    return b


def cell(m, b, t, **times):
    return {f"{m}/b{b}/t{t}": {"model": m, "batch": b, "threads": t,
                               "times": times, "errors": {}}}


def test_estimate_uses_the_cell_then_its_neighbours():
    b = bench_with({**cell("vit", 1, 2, floor=[10.0, 12.0, 14.0], ort=[20.0])})
    assert b.estimate("vit", 1, 2) == 0.012
    assert b.estimate("vit", 1, 1) == 0.024          # twice the time on one thread
    b.res["cells"].update(cell("vit", 1, 1, inductor=[30.0]))
    assert b.estimate("vit", 8, 1) == 0.24            # 8x batch 1
    assert b.estimate("bert", 1, 1) is None


def results(inductor, ort, cold=(0.3, 3.0), scaling=(1.7, 1.2)):
    cells = {}
    for bt in (1, 8):
        for t in (1, 2):
            c = cell("bert", bt, t, inductor=[inductor] if inductor else [], ort=[ort])
            c[f"bert/b{bt}/t{t}"]["median_ms"] = {"inductor": inductor, "ort": ort}
            cells.update(c)
    return {"cells": cells,
            "cold": {"inductor_s": cold[0], "python_s": cold[1], "runs": 3},
            "scaling": {"resnet50": {"one": 10, "two": 10 * scaling[0], "ratio": scaling[0]},
                        "bert": {"one": 10, "two": 10 * scaling[1], "ratio": scaling[1]}}}


def test_targets_are_computed_from_the_results():
    rows = {t: (m, ok) for t, m, ok in real_bench.target_rows(results(4.0, 5.0))}
    assert rows["bert, batch 1: inductor at or below ONNX Runtime"] == (
        "1 thread: 0.80x, 2 threads: 0.80x", True)
    assert rows["ResNet-50 cold start <= 0.15x the Python script's"] == ("0.10x", True)
    assert rows["2 runners on 2 cores >= 1.6x the throughput of 1 (ResNet-50 or BERT)"][1]
    missed = {t: ok for t, _, ok in real_bench.target_rows(
        results(6.0, 5.0, cold=(1.0, 3.0), scaling=(1.3, 1.5)))}
    assert not any(missed.values())


def test_a_runner_that_failed_is_na_not_a_crash():
    res = results(None, 5.0)
    res["settings"] = {"seq": 64, "rounds": 1, "seconds": 3, "batches": [1, 8]}
    text = "\n".join(real_bench.markdown(res))
    assert "| bert | 1 | 1 | n/a |" in text
    rows = real_bench.target_rows(res)
    assert ("bert, batch 8: inductor at or below ONNX Runtime",
            "1 thread: n/a, 2 threads: n/a", False) in rows


def test_options_take_run_bench_arguments():
    p = argparse.ArgumentParser()
    real_bench.add_args(p)
    a = p.parse_args(["--real-models", "resnet50,bert", "--real-rounds", "0"])
    for k, v in dict(inductor="i", floor="f", python="py", srcdir="s",
                     workdir="/w", onnx_path="").items():
        setattr(a, k, v)
    o = real_bench.options(a)
    assert o.models == ["resnet50", "bert"] and o.rounds == 1
    assert o.deps_path == "/w/deps" and o.runners == list(real_bench.RUNNERS)
