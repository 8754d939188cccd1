#!/usr/bin/env python3
"""Writes hostile and malformed .pt2 packages for the bad-input table.

    make_bad_packages.py DETERMINISTIC.pt2 TWO_INPUT.pt2 OUTDIR

Every package starts from a real fixture exported at test time (its
entries and their bytes) and is rewritten by the small zip writer below,
which can also write what no zip library will: absolute and ".." names,
symlinks, overlapping entries, lying sizes.  Nothing here is committed;
the packages live in the test's temporary directory.
"""

import json
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field


@dataclass
class Entry:
    name: bytes
    data: bytes
    method: int = 0            # 0 stored, 8 deflate, others recorded only
    flags: int = 0
    made_by: int = 20          # host << 8 | version; host 3 = Unix
    ext_attr: int = 0
    size: int | None = None    # recorded sizes, when they must lie
    csize: int | None = None
    crc_xor: int = 0
    local_name: bytes | None = None
    payload: bytes | None = None  # the bytes written, when not data's


@dataclass
class Zip:
    entries: list = field(default_factory=list)
    zip64: bool = False
    count: int | None = None   # recorded entry count, when it must lie


def _payload(e):
    if e.payload is not None:
        return e.payload
    if e.method == 8:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(e.data) + c.flush()
    return e.data


def _local(e, body, z64):
    name = e.local_name if e.local_name is not None else e.name
    extra = struct.pack("<HHQQ", 1, 16, len(e.data), len(body)) if z64 else b""
    sizes = (0xFFFFFFFF, 0xFFFFFFFF) if z64 else (len(body), len(e.data))
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, e.flags, e.method, 0,
                       0x21, zlib.crc32(e.data), *sizes, len(name),
                       len(extra)) + name + extra


def _central(e, body, offset, z64):
    size = e.size if e.size is not None else len(e.data)
    csize = e.csize if e.csize is not None else len(body)
    crc = zlib.crc32(e.data) ^ e.crc_xor
    extra = b""
    if z64:
        extra = struct.pack("<HHQQQ", 1, 24, size, csize, offset)
        size = csize = offset = 0xFFFFFFFF
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, e.made_by, 20,
                       e.flags, e.method, 0, 0x21, crc, csize, size,
                       len(e.name), len(extra), 0, 0, 0, e.ext_attr,
                       offset) + e.name + extra


def write_zip(path, z):
    out, cds = bytearray(), []
    for e in z.entries:
        body = _payload(e)
        cds.append(_central(e, body, len(out), z.zip64))
        out += _local(e, body, z.zip64) + body
    cd_off, cd = len(out), b"".join(cds)
    out += cd
    n = z.count if z.count is not None else len(z.entries)
    if z.zip64:
        z64_off = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n,
                           len(cd), cd_off)
        out += struct.pack("<IIQI", 0x07064B50, 0, z64_off, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF,
                           0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd),
                           cd_off, 0)
    with open(path, "wb") as f:
        f.write(out)


def read_package(path):
    with zipfile.ZipFile(path) as z:
        return [Entry(i.filename.encode(), z.read(i)) for i in z.infolist()]


def root_of(entries):
    return entries[0].name.split(b"/")[0]


def model_dir(entries):
    return root_of(entries) + b"/data/aotinductor/model/"


def meta_entry(entries):
    return next(e for e in entries
                if e.name.endswith(b".wrapper_metadata.json"))


def with_metadata(entries, data):
    """A copy of the entries with the wrapper metadata replaced."""
    meta = meta_entry(entries)
    return [Entry(e.name, data if e is meta else e.data) for e in entries]


def edit_metadata(entries, edit):
    doc = json.loads(meta_entry(entries).data)
    edit(doc)
    return with_metadata(entries, json.dumps(doc).encode())


def edit_inputs(entries, edit):
    def change(doc):
        inputs = json.loads(doc["inductor.inputs"])
        edit(inputs)
        doc["inductor.inputs"] = json.dumps(inputs)
    return edit_metadata(entries, change)


def write_overlap(path, entries):
    """Fifield's non-recursive zip bomb, small: entry "outer" is stored data
    that holds entry "inner"'s local header and data, so the two share
    bytes.  Many entries sharing one deflated block this way inflate a
    small file many times over, each within the per-entry ratio limit."""
    md = model_dir(entries)
    inner = Entry(md + b"inner.bin", b"A" * 64)
    inner_bytes = _local(inner, inner.data, False) + inner.data
    outer = Entry(md + b"outer.bin", inner_bytes)
    out, cds = bytearray(), []
    for e in entries + [outer]:
        body = _payload(e)
        cds.append(_central(e, body, len(out), False))
        out += _local(e, body, False) + body
    # inner's record points into outer's data, where its header lies.
    cds.append(_central(inner, inner.data, len(out) - len(inner_bytes),
                        False))
    cd_off, cd = len(out), b"".join(cds)
    out += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(cds),
                            len(cds), len(cd), cd_off, 0)
    with open(path, "wb") as f:
        f.write(out)


def write_two_end_records(path, entries):
    """A second end record, complete, in the zip comment: miniz (libtorch's
    reader) takes the last one in the file, a streaming reader the first."""
    write_zip(path, Zip(entries))
    with open(path, "rb") as f:
        data = f.read()
    fake = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(data[:-2] + struct.pack("<H", len(fake)) + fake)


def zip_cases(det, out):
    md = model_dir(det)
    extra = {
        "abs_path": Entry(b"/tmp/evil.so", b"x"),
        "dotdot": Entry(root_of(det) + b"/../../evil.so", b"x"),
        "backslash": Entry(root_of(det) + b"\\..\\evil.so", b"x"),
        "symlink": Entry(md + b"link.so", b"/etc/passwd", made_by=3 << 8 | 30,
                         ext_attr=0o120777 << 16),
        "ctrl_name": Entry(md + b"\x1b[2Jx.so", b"x"),
        "encrypted": Entry(md + b"secret.so", b"x", flags=1),
        "bzip2": Entry(md + b"packed.so", b"x", method=12),
        "ratio_bomb": Entry(md + b"zeros.bin", bytes(8 << 20), method=8),
        "huge_deflate": Entry(md + b"huge.bin", b"x", method=8,
                              size=17 << 30),
        "past_eof": Entry(md + b"past.bin", b"x", size=1 << 20,
                          csize=1 << 20),
        "local_mismatch": Entry(md + b"a.so", b"x", local_name=md + b"b.so"),
        "duplicate": Entry(det[-1].name, b"again"),
        "double_slash": Entry(root_of(det) + b"//evil.so", b"x"),
        "dot_component": Entry(root_of(det) + b"/./evil.so", b"x"),
        "reserved_name": Entry(b".inductor-cache", b"x"),
    }
    for name, e in extra.items():
        write_zip(f"{out}/{name}.pt2", Zip(det + [e],
                                           zip64=name == "huge_deflate"))
    write_overlap(f"{out}/overlap_bomb.pt2", det)
    write_zip(f"{out}/file_dir.pt2", Zip(det + [
        Entry(md + b"weights", b"x"), Entry(md + b"weights/0.bin", b"y")]))
    write_two_end_records(f"{out}/two_eocd.pt2", det)
    write_zip(f"{out}/many_entries.pt2", Zip(det, zip64=True, count=100001))
    bad_crc = [Entry(e.name, e.data, crc_xor=1 if e is meta_entry(det) else 0)
               for e in det]
    write_zip(f"{out}/crc.pt2", Zip(bad_crc))
    write_zip(f"{out}/no_models.pt2",
              Zip([Entry(b"pkg/archive_format", b"pt2")]))
    write_zip(f"{out}/good_rewritten.pt2", Zip(det))
    with open(f"{out}/good_rewritten.pt2", "rb") as f:
        whole = f.read()
    with open(f"{out}/truncated.pt2", "wb") as f:
        f.write(whole[: len(whole) * 3 // 5])
    with open(f"{out}/not_zip.pt2", "wb") as f:
        f.write(b"this is not a zip archive\n")
    open(f"{out}/empty.pt2", "wb").close()


def metadata_cases(det, out):
    meta = meta_entry(det).data
    many = {f"k{i}": "v" for i in range(5000)}
    cases = {
        "meta_not_json": b"{not json",
        "meta_trailing": meta + b" xyz",
        "meta_nul": meta[:-1] + b"\0}",
        "meta_list": b"[1, 2]",
        "meta_value_int": json.dumps({"AOTI_DEVICE_KEY": 5}).encode(),
        "meta_key_ctrl": json.dumps({"AOTI_DEVICE_KEY": "cpu",
                                     "bad\u001bkey": "v"}).encode(),
        "meta_aoti_ctrl": json.dumps({"AOTI_DEVICE_KEY":
                                      "cpu\ninductor: ok"}).encode(),
        "meta_many_keys": json.dumps(many).encode(),
        "meta_too_big": json.dumps({"k": "x" * (2 << 20)}).encode(),
    }
    for name, data in cases.items():
        write_zip(f"{out}/{name}.pt2", Zip(with_metadata(det, data)))
    second = Entry(model_dir(det) + b"zz.wrapper_metadata.json", meta)
    write_zip(f"{out}/meta_two.pt2", Zip(det + [second]))


def signature_cases(two, out):
    def ranges(r):
        return lambda inputs: [i.update(ranges=[r, None]) for i in inputs]
    cases = {
        "sig_bad_range": edit_inputs(two, ranges([5, 2])),
        "sig_negative": edit_inputs(two, ranges([-1, 8])),
        "sig_ctrl_name": edit_inputs(
            two, lambda inputs: inputs[0].update(name="x\ny")),
        "sig_cuda_input": edit_inputs(
            two, lambda inputs: inputs[1].update(device="cuda")),
        "sig_not_list": edit_metadata(
            two, lambda d: d.update({"inductor.inputs": '{"x": 1}'})),
        "sig_three_inputs": edit_inputs(
            two, lambda inputs: inputs.append(dict(inputs[1], name="z"))),
        "narrow": edit_inputs(two, ranges([1, 2])),
    }
    for name, entries in cases.items():
        write_zip(f"{out}/{name}.pt2", Zip(entries))


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    det, two, out = read_package(argv[1]), read_package(argv[2]), argv[3]
    zip_cases(det, out)
    metadata_cases(det, out)
    signature_cases(two, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
