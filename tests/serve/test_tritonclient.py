"""The server through Triton's own Python client (tritonclient[http]):
health, metadata, and inference with and without binary tensor data for
every datatype, keyword inputs and dict outputs, batches of several sizes
and a Triton-layout repository with two versions.  Outputs must equal
PyTorch's own AOTInductor loader's on the same inputs (floats within
1e-5, integers and booleans exactly)."""

import json
import urllib.request

import ml_dtypes
import numpy as np
import pytest
import torch
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

from conftest import fixture, reference

DTYPES = (("b", "BOOL", np.bool_), ("u8", "UINT8", np.uint8),
          ("i8", "INT8", np.int8), ("i16", "INT16", np.int16),
          ("i32", "INT32", np.int32), ("i64", "INT64", np.int64),
          ("h", "FP16", np.float16), ("f", "FP32", np.float32),
          ("d", "FP64", np.float64), ("bf", "BF16", ml_dtypes.bfloat16))


def to_numpy(t):
    if t.dtype == torch.bfloat16:
        return t.float().numpy().astype(ml_dtypes.bfloat16)
    return t.numpy()


def to_torch(a):
    if a.dtype == ml_dtypes.bfloat16:
        return torch.from_numpy(a.astype(np.float32)).to(torch.bfloat16)
    return torch.from_numpy(np.ascontiguousarray(a))


def assert_same(got, want, what):
    want = to_numpy(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if np.issubdtype(want.dtype, np.floating) or want.dtype == ml_dtypes.bfloat16:
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64),
                                   rtol=1e-5, atol=1e-5, err_msg=what)
    else:
        assert got.dtype == want.dtype, f"{what}: {got.dtype} != {want.dtype}"
        np.testing.assert_array_equal(got, want, err_msg=what)


def infer(client, model, arrays, binary, outputs=None, version="", **kw):
    inputs = []
    for name, dt, a in arrays:
        i = httpclient.InferInput(name, list(a.shape), dt)
        i.set_data_from_numpy(a, binary_data=binary)
        inputs.append(i)
    outs = [httpclient.InferRequestedOutput(o, binary_data=binary)
            for o in outputs] if outputs else None
    return client.infer(model, inputs, outputs=outs, model_version=version, **kw)


def test_live_and_ready(client):
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready("two_input")
    assert client.is_model_ready("versioned", "1")
    assert not client.is_model_ready("no_such_model")


def test_server_metadata(client):
    md = client.get_server_metadata()
    assert md["name"] == "inductor"
    assert "binary_tensor_data" in md["extensions"]


def test_model_metadata(client):
    md = client.get_model_metadata("two_input")
    assert md["name"] == "two_input"
    assert md["platform"] == "pytorch_aotinductor"
    assert [(i["name"], i["datatype"], i["shape"]) for i in md["inputs"]] == \
        [("x", "FP32", [-1, 4]), ("idx", "INT64", [-1, 3])]
    assert [o["datatype"] for o in md["outputs"]] == ["FP32", "INT64"]


def test_keyword_inputs_and_dict_output_names(client):
    md = client.get_model_metadata("kwargs_dict")
    assert [i["name"] for i in md["inputs"]] == ["x", "scale", "offset"]
    assert [o["name"] for o in md["outputs"]] == ["logits", "probs"]


def _all_dtype_inputs(batch):
    g = torch.Generator().manual_seed(batch)
    out = []
    for name, dt, _ in DTYPES:
        if dt == "BOOL":
            t = torch.rand(batch, 3, generator=g) > 0.5
        elif dt in ("FP16", "FP32", "FP64", "BF16"):
            t = torch.randn(batch, 3, generator=g).to(
                {"FP16": torch.float16, "FP32": torch.float32,
                 "FP64": torch.float64, "BF16": torch.bfloat16}[dt])
        else:
            t = torch.randint(0, 50, (batch, 3), generator=g).to(
                {"UINT8": torch.uint8, "INT8": torch.int8, "INT16": torch.int16,
                 "INT32": torch.int32, "INT64": torch.int64}[dt])
        out.append(t)
    return out


@pytest.mark.parametrize("binary", [True, False])
def test_every_datatype(client, server, binary):
    tensors = _all_dtype_inputs(3)
    want = reference(fixture("serve_dtypes.pt2"), tensors)
    arrays = [(n, dt, to_numpy(t)) for (n, dt, _), t in zip(DTYPES, tensors)]
    if binary:
        result = infer(client, "serve_dtypes", arrays, True)
        got = {n: result.as_numpy("out_" + n) for n, _, _ in DTYPES}
    else:
        # tritonclient refuses BF16 as JSON, so the JSON form goes over
        # plain HTTP: nested lists, BOOL as true/false.
        body = {"inputs": [{"name": n, "datatype": dt, "shape": list(a.shape),
                            "data": a.astype(np.float32).tolist()
                            if dt == "BF16" else a.tolist()}
                           for n, dt, a in arrays]}
        req = urllib.request.Request(f"http://{server.url}/v2/models/serve_dtypes/infer",
                                     data=json.dumps(body).encode(), method="POST")
        doc = json.load(urllib.request.urlopen(req))
        got = {}
        for o, (n, dt, np_dt) in zip(doc["outputs"], DTYPES):
            assert o["name"] == "out_" + n and o["datatype"] == dt
            got[n] = np.array(o["data"], dtype=np.float64 if dt == "BF16" else np_dt)
            got[n] = got[n].reshape(o["shape"])
    for (n, dt, _), w in zip(DTYPES, want):
        assert_same(got[n], w, f"{dt} output, binary={binary}")


@pytest.mark.parametrize("binary", [True, False])
@pytest.mark.parametrize("batch", [1, 2, 5, 9])
def test_dynamic_batch(client, binary, batch):
    g = torch.Generator().manual_seed(100 + batch)
    x = torch.randn(batch, 4, generator=g)
    idx = torch.randint(-5, 5, (batch, 3), generator=g)
    want = reference(fixture("two_input.pt2"), [x, idx])
    result = infer(client, "two_input", [("x", "FP32", x.numpy()),
                                         ("idx", "INT64", idx.numpy())], binary,
                   outputs=["output0", "output1"], request_id=f"req-{batch}")
    assert result.get_response()["id"] == f"req-{batch}"
    assert_same(result.as_numpy("output0"), want[0], "output0")
    assert_same(result.as_numpy("output1"), want[1], "output1")


def test_output_subset(client):
    x = np.ones((2, 4), np.float32)
    idx = np.ones((2, 3), np.int64)
    result = infer(client, "two_input", [("x", "FP32", x), ("idx", "INT64", idx)],
                   True, outputs=["output1"])
    names = [o["name"] for o in result.get_response()["outputs"]]
    assert names == ["output1"]
    assert result.as_numpy("output0") is None


@pytest.mark.parametrize("binary", [True, False])
def test_keyword_inputs_dict_outputs(client, binary):
    g = torch.Generator().manual_seed(3)
    x, scale, offset = torch.randn(4, 4, generator=g), torch.rand(4, 1, generator=g), \
        torch.randn(4, 3, generator=g)
    want = reference(fixture("kwargs_dict.pt2"), [x], {"scale": scale, "offset": offset})
    # Inputs in another order than the model's: matched by name.
    result = infer(client, "kwargs_dict",
                   [("offset", "FP32", offset.numpy()), ("x", "FP32", x.numpy()),
                    ("scale", "FP32", scale.numpy())], binary)
    assert_same(result.as_numpy("logits"), want["logits"], "logits")
    assert_same(result.as_numpy("probs"), want["probs"], "probs")


def test_token_encoder_bool_mask(client):
    g = torch.Generator().manual_seed(5)
    ids = torch.randint(0, 50, (3, 8), generator=g)
    mask = torch.zeros(3, 8, dtype=torch.bool)
    mask[1, 5:] = True
    want = reference(fixture("token_encoder.pt2"), [ids, mask])
    result = infer(client, "token_encoder", [("input_ids", "INT64", ids.numpy()),
                                             ("attention_mask", "BOOL", mask.numpy())],
                   True)
    assert_same(result.as_numpy(result.get_response()["outputs"][0]["name"]),
                want[0], "pooled")


def test_triton_layout_versions(client):
    md = client.get_model_metadata("versioned")
    assert sorted(md["versions"]) == ["1", "2"]
    # Without a version: the highest (2, two_input's signature).
    assert [i["name"] for i in md["inputs"]] == ["x", "idx"]
    v1 = client.get_model_metadata("versioned", "1")
    assert v1["versions"] == ["1"] and len(v1["inputs"]) == 1
    x = np.array([[1, 2, 3, 4]], np.float32)
    r1 = infer(client, "versioned", [(v1["inputs"][0]["name"], "FP32", x)], True,
               version="1")
    want = reference(fixture("deterministic.pt2"), [torch.from_numpy(x)])
    assert r1.get_response()["model_version"] == "1"
    assert_same(r1.as_numpy(r1.get_response()["outputs"][0]["name"]), want[0], "v1")
    idx = np.zeros((1, 3), np.int64)
    r2 = infer(client, "versioned", [("x", "FP32", x), ("idx", "INT64", idx)], False)
    assert r2.get_response()["model_version"] == "2"
    with pytest.raises(InferenceServerException) as e:
        client.get_model_metadata("versioned", "3")
    assert "404" in str(e.value.status()) or "unknown model" in str(e.value)


def test_wrong_datatype_is_400(client):
    x = np.ones((1, 4), np.float64)
    idx = np.ones((1, 3), np.int64)
    with pytest.raises(InferenceServerException) as e:
        infer(client, "two_input", [("x", "FP64", x), ("idx", "INT64", idx)], True)
    assert e.value.status() == "400"
    assert "expected datatype FP32, got FP64" in e.value.message()


def test_metrics_count_requests(client, server):
    text = urllib.request.urlopen(f"http://{server.url}/metrics").read().decode()
    line = [ln for ln in text.splitlines()
            if ln.startswith('nv_inference_request_success{model="two_input",version="1"}')]
    assert line and int(line[0].split()[-1]) > 0
    for name in ("nv_inference_request_failure", "nv_inference_count",
                 "nv_inference_exec_count", "nv_inference_request_duration_us",
                 "nv_inference_queue_duration_us",
                 "nv_inference_compute_infer_duration_us"):
        assert f'{name}{{model="two_input",version="1"}}' in text
