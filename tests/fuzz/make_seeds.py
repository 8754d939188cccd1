#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

The seeds are small, hand-made inputs that reach deep into each parser: the
package seeds are tiny zips laid out like an AOTInductor .pt2 (a model
directory with wrapper metadata, a wrapper source holding call specs,
constants and compiled input checks, and a stand-in .so), stored, deflated
and Zip64, named .zip: no real model package is committed (and .pt2 files
are git-ignored).  Run it again after
changing it: `python3 tests/fuzz/make_seeds.py tests/fuzz/corpus`.
"""

import io
import json
import os
import struct
import sys
import zipfile

LEAF = {"type": None, "context": None, "children_spec": []}


def tup(*children):
    return {"type": "builtins.tuple", "context": "null",
            "children_spec": list(children)}


def dct(keys, *children):
    return {"type": "builtins.dict", "context": json.dumps(list(keys)),
            "children_spec": list(children)}


IN_POSITIONAL = [1, tup(tup(LEAF, LEAF), dct([]))]
IN_KWARGS = [1, tup(tup(LEAF), dct(["scale", "offset"], LEAF, LEAF))]
OUT_TUPLE = [1, tup(LEAF, LEAF)]
OUT_DICT = [1, dct(["logits", "probs"], LEAF, LEAF)]
OUT_NESTED = [1, tup(LEAF, dct(["scores"], tup(LEAF, LEAF)))]

SIG_TWO = [
    {"name": "x", "dtype": "float32", "shape": [-1, 4], "device": "cpu",
     "ranges": [[1, 1024], None]},
    {"name": "idx", "dtype": "int64", "shape": [-1, 3], "device": "cpu",
     "ranges": [[1, 1024], None]},
]
SIG_OUT = [{"name": "output0", "dtype": "float32", "shape": [-1, 3]},
           {"name": "output1", "dtype": "int64", "shape": [-1, 3]}]

WRAPPER = """// stand-in for an AOTInductor wrapper source
AOTI_NOINLINE static void check_input_0(AtenTensorHandle* input_handles) {
    if (arg0_1_size[0] < 2) { throw std::runtime_error("small"); }
    if (arg0_1_size[0] > 1024) { throw std::runtime_error("large"); }
    if (4 != arg0_1_size[1]) { throw std::runtime_error("dim"); }
}
AOTInductorModel::AOTInductorModel() {
    constants_info_[0].name = "linear_weight";
    constants_info_[0].data_size = 48;
    constants_info_[1].name = "linear_bias";
    constants_info_[1].data_size = 12;
    in_spec_ = R"(%s)";
    out_spec_ = R"(%s)";
}
"""


def metadata(inputs=SIG_TWO, outputs=SIG_OUT, device="cpu"):
    return json.dumps({
        "inductor.inputs": json.dumps(inputs),
        "inductor.outputs": json.dumps(outputs),
        "inductor.exporter": "inductor-tools 0.1.0",
        "AOTI_DEVICE_KEY": device, "AOTI_PLATFORM": "linux",
        "AOTI_MACHINE": "x86_64", "AOTI_CPU_ISA": "AVX2",
    })


def package(root="pkg", model="model", in_spec=IN_POSITIONAL,
            out_spec=OUT_TUPLE, compression=zipfile.ZIP_STORED,
            zip64=False, extra=(), comment=b""):
    files = [
        (f"{root}/data/aotinductor/{model}/w.wrapper_metadata.json",
         metadata()),
        (f"{root}/data/aotinductor/{model}/w.wrapper.cpp",
         WRAPPER % (json.dumps(in_spec), json.dumps(out_spec))),
        (f"{root}/data/aotinductor/{model}/w.wrapper.so", "\x7fELF" + "\0" * 60),
        (f"{root}/archive_format", "pt2"),
        (f"{root}/archive_version", "0"),
        *extra,
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.comment = comment
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            with z.open(info, "w", force_zip64=zip64) as f:
                f.write(text if isinstance(text, bytes) else text.encode())
    return buf.getvalue()


def zip64_end_records(data):
    """The zip with Zip64 end records added before its end record, which
    keeps its real values, as miniz (libtorch's writer) does."""
    eocd = data[-22:]
    (_, _, _, n, _, cd_size, cd_off, _) = struct.unpack("<IHHHHIIH", eocd)
    z64_off = len(data) - 22
    rec = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n,
                      cd_size, cd_off)
    loc = struct.pack("<IIQI", 0x07064B50, 0, z64_off, 1)
    return data[:-22] + rec + loc + eocd


def two_end_records():
    """A second, complete end record hidden in the zip comment."""
    return package(comment=struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0,
                                       0, 0, 0))


def big_deflated():
    """An entry of 320 KiB, more than one extraction chunk, that deflates
    about 300:1 (under the reader's 1000:1 limit)."""
    data = bytearray(320 << 10)
    for i in range(0, len(data), 700):
        data[i] = (i * 7919) & 0xFF
    return package(compression=zipfile.ZIP_DEFLATED,
                   extra=[("pkg/data/aotinductor/model/big.bin",
                           bytes(data))])


def package_seeds():
    return {
        "stored.zip": package(),
        "deflated.zip": package(compression=zipfile.ZIP_DEFLATED),
        "zip64.zip": package(zip64=True),
        "kwargs_dict.zip": package(in_spec=IN_KWARGS, out_spec=OUT_DICT),
        "nested_out.zip": package(out_spec=OUT_NESTED),
        "two_models.zip": package(extra=[
            ("pkg/data/aotinductor/other/o.wrapper_metadata.json",
             metadata(device="cuda")),
            ("pkg/data/aotinductor/other/k.cubin", "cubin")]),
        "empty.zip": zipfile_empty(),
        # Near the reader's refusals, so that mutations cross them.
        "name_double_slash.zip": package(extra=[("pkg//x.so", "x")]),
        "name_dot.zip": package(extra=[("pkg/./x.so", "x")]),
        "name_reserved.zip": package(extra=[(".inductor-cache", "x")]),
        "dirs.zip": package(extra=[("pkg/data/", ""), ("pkg/x/", ""),
                                   ("pkg/x/y", "y")]),
        "file_dir_collision.zip": package(extra=[("pkg/x", "x"),
                                                 ("pkg/x/y", "y")]),
        "two_eocd.zip": two_end_records(),
        "zip64_end_records.zip": zip64_end_records(package()),
        "deflated_big.zip": big_deflated(),
    }


def zipfile_empty():
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return buf.getvalue()


def npy(descr, shape, data, fortran=False, version=1):
    """A .npy file as NumPy writes it (header padded to 64 bytes)."""
    shape_s = "(%s)" % "".join("%d," % d for d in shape) if shape else "()"
    if len(shape) > 1:
        shape_s = "(" + ", ".join(str(d) for d in shape) + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", shape_s)
    size_len = 2 if version == 1 else 4
    pad = -(6 + 2 + size_len + len(header) + 1) % 64
    header = (header + " " * pad + "\n").encode("latin1")
    return (b"\x93NUMPY" + bytes([version, 0]) +
            len(header).to_bytes(size_len, "little") + header + data)


def npz(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name + ".npy", data)
    return buf.getvalue()


def npy_seeds():
    f4 = npy("<f4", [2, 2], struct.pack("<4f", 1.0, -2.5, 0.0, 3e-3))
    i8 = npy("<i8", [3], struct.pack("<3q", 1, -2, 1 << 40))
    return {
        "f4.npy": f4,
        "i8.npy": i8,
        "f8_big.npy": npy(">f8", [2], struct.pack(">2d", 0.5, -1.0)),
        "i2_fortran.npy": npy("<i2", [2, 3], struct.pack("<6h", *range(6)),
                              fortran=True),
        "f2.npy": npy("<f2", [2], struct.pack("<2e", 1.5, -0.25)),
        "bool.npy": npy("|b1", [3], bytes([1, 0, 1])),
        "u1_scalar.npy": npy("|u1", [], bytes([255])),
        "i1_empty.npy": npy("|i1", [0, 4], b""),
        "bf16_void.npy": npy("<V2", [2], bytes([0x80, 0x3f, 0, 0xc0])),
        "i4_v2.npy": npy("<i4", [1], struct.pack("<i", 7), version=2),
        "two.npz": npz({"x": f4, "idx": i8}),
        "two_deflated.npz": npz({"x": f4, "idx": i8}, zipfile.ZIP_DEFLATED),
        "empty.npz": npz({}),
    }


def text_seeds():
    specs = [IN_POSITIONAL, IN_KWARGS, OUT_TUPLE, OUT_DICT, OUT_NESTED,
             [1, LEAF], [1, tup()]]
    call_spec = {f"spec{i}.json": json.dumps(s) for i, s in enumerate(specs)}
    call_spec["defaultdict.json"] = json.dumps([1, {
        "type": "collections.defaultdict",
        "context": json.dumps({"default_factory_module": "builtins",
                               "default_factory_name": "list",
                               "dict_context": ["a"]}),
        "children_spec": [LEAF]}])
    signature = {
        "two.json": json.dumps(SIG_TWO),
        "outputs.json": json.dumps(SIG_OUT),
        "legacy.json": json.dumps([{"name": "x", "dtype": "float32",
                                    "shape": [1, 4]}]),
        "unbounded.json": json.dumps([{"name": "ids", "dtype": "int64",
                                       "shape": [-1, -1], "device": "cuda",
                                       "ranges": [[1, None], [0, 512]]}]),
        "scalar.json": json.dumps([{"name": "s", "dtype": "bfloat16",
                                    "shape": [], "ranges": []}]),
        "empty.json": "[]",
    }
    tensor_json = {
        "classic.json": '{"data": [1, 2, 3, 4], "shape": [1, 4]}',
        "multi.json": json.dumps({"inputs": [
            {"dtype": "float32", "shape": [2, 2], "data": [0.5, -1, 2, 3e-3]},
            {"dtype": "int64", "shape": [3], "data": [1, -2, 9007199254740993]},
        ]}),
        "named.json": json.dumps({"inputs": {
            "x": {"dtype": "float16", "shape": [2], "data": [1.5, -0.25]},
            "mask": {"dtype": "bool", "shape": [2], "data": [True, False]}}}),
        "dtypes.json": json.dumps({"inputs": [
            {"dtype": d, "shape": [2], "data": [1, 0]}
            for d in ("float64", "bfloat16", "int32", "int16", "int8",
                      "uint8", "half", "long", "int", "short", "double")]}),
        "nonfinite.json": '{"inputs": [{"dtype": "float32", "shape": [3],'
                          ' "data": [NaN, Infinity, -Infinity]}]}',
        "empty_shape.json": '{"inputs": [{"shape": [0, 5], "data": []}]}',
        "scalar.json": '{"inputs": [{"dtype": "int8", "shape": [],'
                       ' "data": [-128]}]}',
        "bad.json": '{"data": [1, 2,',
        # Numbers where a shortcut could round differently from strtod.
        "numbers.json": '{"inputs": [{"dtype": "float64", "shape": [14], "data":'
                        ' [0.1, -0.0, 1e22, 1e23, 9007199254740993.0, 5e-324,'
                        ' 1.7976931348623157e308, 123456789012345678901.5,'
                        ' 0.000001234567890123456789, 2.5E-3, 7e+2, -0, 4,'
                        ' -9223372036854775808]},'
                        ' {"shape": [3], "dtype": "int64", "data":'
                        ' [9223372036854775807, -9223372036854775808, 0]}]}',
        "named_order.json": '{"inputs": {"b": {"data": [true, 0, 1],'
                            ' "shape": [3], "dtype": "bool"},'
                            ' "a": {"shape": [1, 2], "data": [-1.5e1, 65504]}}}',
    }
    return {"call_spec": call_spec, "signature": signature,
            "tensor_json": tensor_json}


def main(out):
    seeds = text_seeds()
    seeds["package"] = package_seeds()
    seeds["npy"] = npy_seeds()
    for target, files in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
                  os.path.join(os.path.dirname(__file__), "corpus")))
