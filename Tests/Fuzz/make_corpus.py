#!/usr/bin/env python3
"""Regenerates the committed seed corpus in Tests/Fuzz/corpus (small valid and invalid files)."""
import json, os, struct

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "corpus")
os.makedirs(corpus, exist_ok=True)


def st(header, data=b"", pad=True, length=None):
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    if pad:
        h += b" " * (-len(h) % 8)
    n = len(h) if length is None else length
    return struct.pack("<Q", n) + h + data


def f32(*xs):
    return struct.pack("<%df" % len(xs), *xs)


def e(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


seeds = {
    "valid_f32_metadata": st({"__metadata__": {"format": "pt", "arch": "lstm"},
                              "rnn.weight_ih_l0": e("F32", [2, 2], 0, 16),
                              "rnn.bias_ih_l0": e("F32", [2], 16, 24)},
                             f32(1, -2, 0.5, 3.25, 0, -0.0)),
    "valid_mixed_unaligned": st({"u8": e("U8", [1], 0, 1),
                                 "half": e("F16", [3], 1, 7),
                                 "brain": e("BF16", [2], 7, 11),
                                 "double": e("F64", [1], 11, 19),
                                 "ids": e("I64", [1], 19, 27)},
                                b"\x07" + struct.pack("<3H", 0x3C00, 0x0001, 0x7C00)
                                + struct.pack("<2H", 0x3F80, 0x7FC0) + struct.pack("<d", 0.1)
                                + struct.pack("<q", -1)),
    "valid_empty": st({}),
    "valid_scalar_zero_hole": st({"s": e("F32", [], 4, 8), "z": e("F32", [0, 3], 8, 8)}, f32(9, 1, 2)),
    "valid_unicode_names": st('{"na\\u00efve \\ud83d\\ude00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                              '"__metadata__":{"k\\n":"v\\"\\\\"}}'.encode(), f32(1.5)),
    "bad_overlap": st({"a": e("F32", [2], 0, 8), "b": e("F32", [2], 4, 12)}, f32(1, 2, 3)),
    "bad_dtype": st({"a": e("F17", [1], 0, 4)}, f32(1)),
    "bad_size": st({"a": e("F32", [3], 0, 8)}, f32(1, 2)),
    "bad_outside": st({"a": e("F32", [4], 0, 16)}, f32(1, 2)),
    "bad_overflow": st({"a": e("F32", [4294967296, 4294967296], 0, 0)}),
    "bad_duplicate": st(b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                        b'"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(1, 2)),
    "bad_metadata": st({"__metadata__": {"epoch": 3}}),
    "bad_offsets": st({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}, f32(1, 2)),
    "bad_shape": st({"a": {"dtype": "F32", "shape": [-1, 1.5], "data_offsets": [0, 4]}}, f32(1)),
    "bad_header_length": st({}, length=1 << 63),
    "bad_header_past_end": st({}, length=4096),
    "bad_json": st(b'{"a":{"dtype":"F32" "shape":[1]}}'),
    "bad_surrogate": st(b'{"\\ud83d":{}}'),
    "bad_utf8": st(b'{"\xc0\xaf":{}}'),
    "bad_not_object": st(b'[1,2,3]'),
    "bad_short": b"\x02\x00\x00",
    "json_nested": st(b'{"a":{"dtype":"F32","shape":[[[[[[1]]]]]],"data_offsets":[0,4]}}', f32(1)),
}

for name, data in seeds.items():
    with open(os.path.join(corpus, name), "wb") as f:
        f.write(data)
print("wrote %d seeds, %d bytes" % (len(seeds), sum(len(d) for d in seeds.values())))
