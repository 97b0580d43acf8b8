"""Bit-exact tests of sessionflow.ops.philox against shared/spec/random.md (TF 2.21 CPU vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from sessionflow.ops import philox


def _bits(a, dtype):
    """Hex strings of the raw bits of an array (uint32 view for 4-byte, uint64 for 8-byte)."""
    width = np.dtype(dtype).itemsize
    view = np.ascontiguousarray(a).view(np.uint32 if width == 4 else np.uint64)
    return [f"0x{int(v):0{2 * width}x}" for v in view.ravel()]


def _hexes(text):
    """Expected bit patterns, written as one space-separated string."""
    return text.split()


def _two_runs(op_type, fn, seed, seed2, shape, **kw):
    """Runs 1 and 2 of one kernel: run 2's base = counter + reserved_blocks of run 1."""
    key, counter = philox.seeds_to_key_counter(seed, seed2)
    first = fn(np, key, counter, shape, **kw)
    second = fn(np, key, counter + philox.reserved_blocks(op_type, shape), shape, **kw)
    return first, second


# ---------------------------------------------------------------------------------- Philox
@pytest.mark.parametrize(
    ("key", "ctr_words", "expected"),
    [
        ((0, 0), (0, 0, 0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
        ((0xFFFFFFFF,) * 2, (0xFFFFFFFF,) * 4, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
        (
            (0xA4093822, 0x299F31D0),
            (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
            (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
        ),
    ],
)
def test_philox_known_answers(key, ctr_words, expected):
    counter = sum(w << (32 * i) for i, w in enumerate(ctr_words))
    out = philox.blocks(np, key, counter, 1)
    assert out.dtype == np.uint32 and out.shape == (1, 4)
    assert tuple(int(v) for v in out[0]) == expected


def test_tv0_seeds_and_blocks():
    key, counter = philox.seeds_to_key_counter(1234, 42)
    assert key == (0x4D2, 0) and counter == 42 << 64
    out = philox.blocks(np, key, counter, 2)
    assert out.tolist() == [
        [0x4FE866CD, 0x5BE9EE11, 0x171DEB16, 0x7B3E49B3],
        [0x83A3707B, 0x8E83A727, 0x538E7EB7, 0x8ED7435B],
    ]


def test_seeds_mod_2_64():
    assert philox.seeds_to_key_counter(2**40 + 3, -7) == ((3, 2**8), (2**64 - 7) << 64)
    assert philox.seeds_to_key_counter(-(2**63), 2**63 - 1) == ((0, 2**31), (2**63 - 1) << 64)


def test_blocks_128_bit_wraparound_and_carry():
    key = (0x12345678, 0x9ABCDEF0)
    top = (1 << 128) - 2
    wrapped = philox.blocks(np, key, top, 4)
    expect = np.concatenate([philox.blocks(np, key, top, 2), philox.blocks(np, key, 0, 2)])
    np.testing.assert_array_equal(wrapped, expect)
    # carry from the low 64 bits into the high 64 bits
    across = philox.blocks(np, key, (5 << 64) + 2**64 - 1, 2)
    np.testing.assert_array_equal(across[1], philox.blocks(np, key, 6 << 64, 1)[0])


# ----------------------------------------------------------------------- test vectors TV1-TV10
def test_tv1_normal_float32():
    r1, r2 = _two_runs("RandomStandardNormal", philox.standard_normal, 1234, 42, (1000,), dtype=np.float32)
    assert r1.dtype == np.float32 and r1.shape == (1000,)
    # wrapper post-processing with the defaults: raw * float32(1.0) + float32(0.0)
    r1 = r1 * np.float32(1.0) + np.float32(0.0)
    r2 = r2 * np.float32(1.0) + np.float32(0.0)
    assert _bits(r1[:8], np.float32) == _hexes(
        "0xbf106655 0x3e991795 0x3e128ff8 0xbfd97927 0x3e9258ed 0x3fc9d8e1 0xbff2f7c0 0xbf5e3259"
    )
    assert _bits(r2[:8], np.float32) == _hexes(
        "0xbf988cd1 0xbfed3d1f 0xbf9dc3dd 0xbe49e7e7 0x3e328f37 0xbfc2b297 0x3f2b5734 0xbf61ea1c"
    )


def test_tv2_uniform_float32_odd_size():
    assert philox.reserved_blocks("RandomUniform", (7,)) == 1792
    r1, r2 = _two_runs("RandomUniform", philox.uniform, 87654321, 42, (7,), dtype=np.float32)
    assert r1.dtype == np.float32
    assert _bits(r1, np.float32) == _hexes(
        "0x3f73c810 0x3f2d6a98 0x3f4b99fa 0x3f417aea 0x3ef3b074 0x3f218a30 0x3e3e7c20"
    )
    assert _bits(r2, np.float32) == _hexes(
        "0x3f000c7e 0x3e3493f0 0x3f31d2ec 0x3e8ffa20 0x3eca46a8 0x3df10520 0x3f472b80"
    )


def test_tv3_truncated_normal_float32():
    r1, r2 = _two_runs("TruncatedNormal", philox.truncated_normal, 1234, 2, (1000,), dtype=np.float32)
    assert r1.dtype == np.float32 and np.all(np.abs(r1) < 2) and np.all(np.abs(r2) < 2)
    assert _bits(r1[:8], np.float32) == _hexes(
        "0xbf7d8ed6 0x3f0bae68 0x3e92b3e8 0x3dc14530 0xbf7bc536 0xbf787fdf 0xbf0a9c9e 0xbeb69e69"
    )
    assert _bits(r2[:8], np.float32) == _hexes(
        "0x3f4d16b3 0xbf2dbdf0 0xbfa0692c 0x3f305fef 0x3f86dc23 0xbf0ebbe8 0xbf0e0d00 0xbeae619d"
    )


def test_tv4_normal_float64():
    assert philox.reserved_blocks("RandomStandardNormal", (5,)) == 1280
    r1, r2 = _two_runs("RandomStandardNormal", philox.standard_normal, 0, 2147483647, (5,), dtype=np.float64)
    assert r1.dtype == np.float64
    assert _bits(r1, np.float64) == _hexes(
        "0xbfcd3f3f29019ccd 0xbffe83ddf141c778 0x3fed9160e996cf7c 0x3ff20c44cb4a4ab8 0x3fd3aabec04eabd4"
    )
    assert _bits(r2, np.float64) == _hexes(
        "0xbfeb839cd671b5b5 0xbff9e4fe7094df0d 0x3fc33f4d0869cdc3 0xbfe5337d10c9149e 0x3fdad1ae0fab0aa2"
    )


def test_tv5_uniform_int32():
    r1, r2 = _two_runs(
        "RandomUniformInt", philox.uniform_int, 87654321, 7, (1000,), dtype=np.int32, minval=-7, maxval=13
    )
    assert r1.dtype == np.int32 and r1.min() >= -7 and r1.max() < 13
    assert r1[:8].tolist() == [0, 0, -2, 7, -7, -4, 3, 12]
    assert r2[:8].tolist() == [4, 8, -3, -5, -3, 5, -3, 7]


def test_tv6_uniform_float64():
    assert philox.reserved_blocks("RandomUniform", (3,)) == 768
    r1, r2 = _two_runs("RandomUniform", philox.uniform, 0, 1, (3,), dtype=np.float64)
    assert r1.dtype == np.float64
    assert _bits(r1, np.float64) == ["0x3fd45787c235baa8", "0x3fe380a707f0ebe0", "0x3fe9ed3db38efbda"]
    assert _bits(r2, np.float64) == ["0x3fdadad727b64400", "0x3fe9d13e7adca6b0", "0x3febdfa8da4e3bb8"]


def test_tv7_truncated_normal_float64():
    r1, r2 = _two_runs("TruncatedNormal", philox.truncated_normal, 5, 5, (1000,), dtype=np.float64)
    assert r1.dtype == np.float64 and np.all(np.abs(r1) < 2)
    assert _bits(r1[:8], np.float64) == _hexes(
        "0xbffb07b57e38d981 0xbfc0ab82826fb3e7 0x3ff316bdbda0e256 0x3ffab0cf69685b61 "
        "0x3fd32b81ec184964 0xbfde076ba02142ed 0x3ff7201db6733e61 0x3fdfda21395102bd"
    )
    assert _bits(r2[:8], np.float64) == _hexes(
        "0x3ff7768842261003 0x3fe6dc59006558eb 0x3ff6af48e06ff28b 0x3fdbbcd49b70bca8 "
        "0x3fe7d043b8d6821a 0xbff090b69299d81d 0xbfe40e2edbb2f8e9 0x3fd3aacce88a7995"
    )


def test_tv8_uniform_int64():
    r1, r2 = _two_runs(
        "RandomUniformInt",
        philox.uniform_int,
        2147483642,
        517,
        (1000,),
        dtype=np.int64,
        minval=-(2**62),
        maxval=2**62 + 12345,
    )
    assert r1.dtype == np.int64
    assert r1[:8].tolist() == [
        2965535617046238787,
        1713974410875454596,
        664090841892305621,
        -4253537313772240635,
        4610643875568761551,
        1934045586761154033,
        -901759775673699290,
        3832231450522614930,
    ]
    assert r2[:8].tolist() == [
        4140319497523791016,
        -4403637490019682807,
        -2164478861920426147,
        3360211279994504175,
        -4328680695147803947,
        -253336646476896197,
        -375448303070307748,
        2873026288665297632,
    ]


def test_tv9_uniform_float32_scaled():
    r1, r2 = _two_runs("RandomUniform", philox.uniform, 1234, 42, (1000,), dtype=np.float32)
    lo, hi = np.float32(-3.5), np.float32(2.25)
    span = hi - lo  # Sub, rounded in float32
    v1 = (r1 * span) + lo  # Mul then Add, each rounded in float32
    v2 = (r2 * span) + lo
    assert v1.dtype == np.float32
    assert _bits(v1[:8], np.float32) == _hexes(
        "0x3f984f1c 0x3fa118e0 0xc009fc21 0xbf33b074 0xbff4393d 0xc0557f70 0xc03653b2 0x3ed70d30"
    )
    assert _bits(v2[:8], np.float32) == _hexes(
        "0xc03f87dc 0xbdd0f960 0xbf5c8fe4 0x3f2ad640 0xbfdc08f6 0xbf3abd90 0xbec5bfa8 0xbf9c020c"
    )


def test_tv10_multinomial():
    logits = np.array(
        [[3.528104782104492, 0.8003144264221191, 1.957476019859314, 4.481786251068115, 3.7351160049438477]],
        dtype=np.float32,
    )
    step = philox.reserved_blocks("Multinomial", logits.shape, num_samples=10)
    assert step == 6144
    key, counter = philox.seeds_to_key_counter(87654321, 7)
    expected = [
        [4, 0, 3, 4, 0, 3, 3, 3, 2, 0],
        [0, 3, 4, 0, 3, 4, 4, 0, 3, 3],
        [3, 4, 4, 3, 4, 4, 3, 4, 3, 3],
    ]
    for run, want in enumerate(expected):
        out = philox.multinomial(np, key, counter + run * step, logits, 10, np.int64)
        assert out.dtype == np.int64 and out.shape == (1, 10)
        assert out[0].tolist() == want
    assert philox.multinomial(np, key, counter, logits, 10, np.int32).dtype == np.int32


def test_shuffle_vectors():
    key, counter = philox.seeds_to_key_counter(87654321, 42)
    stream = philox.blocks(np, key, counter, 1)[0]
    assert [int(w) for w in stream] == [0xB1F9E408, 0xF656B54C, 0x3765CCFD, 0x0EE0BD75]
    step = philox.reserved_blocks("RandomShuffle", (10,))
    assert step == 3
    expected = [
        [2, 0, 7, 8, 9, 3, 6, 4, 1, 5],
        [9, 6, 7, 5, 3, 2, 1, 8, 4, 0],
        [2, 4, 9, 0, 1, 3, 8, 7, 6, 5],
    ]
    for run, want in enumerate(expected):
        perm = philox.shuffle_permutation(np, key, counter + run * step, 10)
        assert perm.tolist() == want
        assert np.arange(10)[perm].tolist() == want  # tf.random_shuffle(tf.range(10))


def test_shuffle_small_and_valid():
    key, counter = philox.seeds_to_key_counter(3, 4)
    assert philox.shuffle_permutation(np, key, counter, 0).tolist() == []
    assert philox.shuffle_permutation(np, key, counter, 1).tolist() == [0]
    perm = philox.shuffle_permutation(np, key, counter, 1000)
    assert sorted(perm.tolist()) == list(range(1000))


# ------------------------------------------------------------------------- glibc emulation
def test_float32_box_muller_worked_example():
    """Spec 8.2 worked example: TV1 elements 0 and 1 (seeds (1234, 42), block 0)."""
    x0, x1 = np.array([0x4FE866CD], np.uint64), np.array([0x5BE9EE11], np.uint64)
    u1 = philox._u32(np, x0)
    assert _bits(u1, np.float32) == ["0x3f50cd9a"]
    u = philox._u32(np, x1)
    assert _bits(u, np.float32) == ["0x3f53dc22"]
    v1 = (u.astype(np.float64) * 6.283185307179586).astype(np.float32)
    assert _bits(v1, np.float32) == ["0x40a664f6"]
    log_u1 = philox._glibc_logf(np, u1)
    assert _bits(log_u1, np.float32) == ["0xbe50ad2c"]
    u2 = np.sqrt(np.float32(-2.0) * log_u1)
    assert _bits(u2, np.float32) == ["0x3f236f09"]
    s, c = philox._glibc_sincosf(np, v1)
    assert _bits(s, np.float32) == ["0xbf622f7a"]
    assert _bits(c, np.float32) == ["0x3eefcd13"]
    z0, z1 = philox._box_muller_f32(np, x0, x1)
    assert _bits(z0, np.float32) == ["0xbf106655"]
    assert _bits(z1, np.float32) == ["0x3e991795"]


def test_sincosf_small_arguments_and_quadrants():
    y = np.array([0.0, 1e-5, 2.0**-13, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], dtype=np.float32)
    s, c = philox._glibc_sincosf(np, y)
    assert s.dtype == np.float32 and c.dtype == np.float32
    assert s[0] == 0 and c[0] == 1 and s[1] == y[1] and c[1] == 1 and s[2] == y[2]
    # glibc sincosf is within 1 ULP of the correctly rounded value
    ref_s = np.sin(y.astype(np.float64)).astype(np.float32)
    ref_c = np.cos(y.astype(np.float64)).astype(np.float32)
    assert np.all(np.abs(s.view(np.int32) - ref_s.view(np.int32)) <= 1)
    assert np.all(np.abs(c.view(np.int32) - ref_c.view(np.int32)) <= 1)


def test_logf_close_to_correctly_rounded():
    m = np.arange(1, 1 << 23, 997, dtype=np.uint64)
    x = philox._u32(np, m)
    got = philox._glibc_logf(np, x)
    ref = np.log(x.astype(np.float64)).astype(np.float32)
    assert np.all(np.abs(got.view(np.int32) - ref.view(np.int32)) <= 1)


# ------------------------------------------------------------------------- reservation
def test_reserved_blocks():
    for op in ("RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt"):
        assert philox.reserved_blocks(op, (1000,)) == 256000
        assert philox.reserved_blocks(op, (4, 5, 7)) == 256 * 140
        assert philox.reserved_blocks(op, ()) == 256
        assert philox.reserved_blocks(op, (0, 3)) == 0
    assert philox.reserved_blocks("RandomShuffle", (10,)) == 3
    assert philox.reserved_blocks("RandomShuffle", (2, 3)) == 1
    assert philox.reserved_blocks("RandomShuffle", (5,)) == 1
    assert philox.reserved_blocks("RandomShuffle", (6,)) == 2
    assert philox.reserved_blocks("RandomShuffle", (1, 100)) == 0
    assert philox.reserved_blocks("RandomShuffle", (1,)) == 0
    assert philox.reserved_blocks("RandomShuffle", ()) == 0
    assert philox.reserved_blocks("RandomShuffle", (0,)) == 0
    assert philox.reserved_blocks("RandomShuffle", (5, 0)) == 0
    assert philox.reserved_blocks("Multinomial", (1, 5), num_samples=10) == 6144
    assert philox.reserved_blocks("Multinomial", (4, 6), num_samples=5) == 256 * 4 * 8 * 2
    assert philox.reserved_blocks("Multinomial", (4, 6), num_samples=0) == 0
    assert philox.reserved_blocks("Multinomial", (0, 6), num_samples=3) == 0
    with pytest.raises(ValueError):
        philox.reserved_blocks("RandomGamma", (3,))


# ------------------------------------------------------------------------- structural properties
_SAMPLERS = [
    ("uniform f32", lambda k, b, s: philox.uniform(np, k, b, s, np.float32)),
    ("uniform f64", lambda k, b, s: philox.uniform(np, k, b, s, np.float64)),
    ("normal f32", lambda k, b, s: philox.standard_normal(np, k, b, s, np.float32)),
    ("normal f64", lambda k, b, s: philox.standard_normal(np, k, b, s, np.float64)),
    ("truncated f32", lambda k, b, s: philox.truncated_normal(np, k, b, s, np.float32)),
    ("truncated f64", lambda k, b, s: philox.truncated_normal(np, k, b, s, np.float64)),
    ("int32", lambda k, b, s: philox.uniform_int(np, k, b, s, np.int32, -(2**31), 2**31 - 1)),
    ("int64", lambda k, b, s: philox.uniform_int(np, k, b, s, np.int64, 0, 10)),
]


@pytest.mark.parametrize(("name", "fn"), _SAMPLERS, ids=[n for n, _ in _SAMPLERS])
def test_prefix_property_and_row_major(name, fn):
    key, counter = philox.seeds_to_key_counter(2024, 1)
    full = fn(key, counter, (1003,))
    for k in (0, 1, 2, 3, 5, 7, 8, 9, 100):
        part = fn(key, counter, (k,))
        assert part.dtype == full.dtype and part.shape == (k,)
        np.testing.assert_array_equal(part.view(np.uint8), full[:k].view(np.uint8))
    shaped = fn(key, counter, (4, 5, 7))
    assert shaped.shape == (4, 5, 7)
    np.testing.assert_array_equal(shaped.reshape(-1).view(np.uint8), full[:140].view(np.uint8))
    scalar = fn(key, counter, ())
    assert scalar.shape == () and scalar.reshape(1).view(np.uint8).tobytes() == full[:1].tobytes()


def test_uniform_int_full_range_and_no_wrap_bias_shape():
    key, counter = philox.seeds_to_key_counter(9, 9)
    words = philox.blocks(np, key, counter, 250).reshape(-1)
    got = philox.uniform_int(np, key, counter, (1000,), np.int32, -(2**31), 2**31 - 1)
    assert got.tolist() == ((words.astype(np.int64) % (2**32 - 1)) - 2**31).tolist()


def test_truncated_normal_groups_are_independent():
    """Group g of the float32 kernel only depends on base + 256*g."""
    key, counter = philox.seeds_to_key_counter(77, 3)
    full = philox.truncated_normal(np, key, counter, (40,), np.float32)
    shifted = philox.truncated_normal(np, key, counter + 256 * 3, (28,), np.float32)
    np.testing.assert_array_equal(full[12:].view(np.uint32), shifted.view(np.uint32))
    full64 = philox.truncated_normal(np, key, counter, (40,), np.float64)
    shifted64 = philox.truncated_normal(np, key, counter + 128 * 5, (30,), np.float64)
    np.testing.assert_array_equal(full64[10:].view(np.uint64), shifted64.view(np.uint64))


def test_float16_variants_are_float32_rounded():
    key, counter = philox.seeds_to_key_counter(1, 2)
    u16 = philox.uniform(np, key, counter, (9,), np.float16)
    words = philox.blocks(np, key, counter, 3).reshape(-1)[:9]
    assert u16.dtype == np.float16
    assert u16.tolist() == ((words & 0x3FF) / 1024.0).tolist()
    n16 = philox.standard_normal(np, key, counter, (9,), np.float16)
    n32 = philox.standard_normal(np, key, counter, (9,), np.float32)
    np.testing.assert_array_equal(n16, n32.astype(np.float16))


def test_multinomial_edge_cases_and_shards():
    key, counter = philox.seeds_to_key_counter(87654321, 7)
    logits = np.array([[0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]], dtype=np.float32)
    out = philox.multinomial(np, key, counter, logits, 50, np.int64)
    assert out.shape == (2, 50)
    assert set(out[0].tolist()) <= {0, 2} and set(out[1].tolist()) == {1}
    assert philox.multinomial(np, key, counter, logits, 0, np.int64).shape == (2, 0)
    # small work is always one shard, whatever the thread count
    np.testing.assert_array_equal(out, philox.multinomial(np, key, counter, logits, 50, np.int64, num_threads=16))
    # one shard (T=1): row b continues the stream after 2*S*b words
    rng = np.random.default_rng(0)
    big = rng.standard_normal((64, 1000)).astype(np.float32)
    single = philox.multinomial(np, key, counter, big, 100, np.int64, num_threads=1)
    words_per_row = 2 * 100
    assert words_per_row % 4 == 0
    row5 = philox.multinomial(np, key, counter + 5 * words_per_row // 4, big[5:6], 100, np.int64)
    np.testing.assert_array_equal(single[5:6], row5)
    # sharded (T=16): the shard starting at row r0 starts at base + r0*(S+3)//4 blocks
    size = philox._multinomial_block_rows(64, 1000, 100, 16)
    assert 1 <= size < 64
    sharded = philox.multinomial(np, key, counter, big, 100, np.int64, num_threads=16)
    r0 = size
    again = philox.multinomial(np, key, counter + r0 * 103 // 4, big[r0 : r0 + size], 100, np.int64)
    np.testing.assert_array_equal(sharded[r0 : r0 + size], again)
    np.testing.assert_array_equal(sharded[:size], single[:size])


def test_multinomial_shard_model_cases():
    assert philox._multinomial_block_rows(1, 10, 10, 16) == 1
    assert philox._multinomial_block_rows(64, 1000, 100, 1) == 64
    assert philox._multinomial_block_rows(8, 5, 5, 16) == 8  # B*cost < 2.1e5: one shard
    for batch, classes, samples in ((64, 1000, 100), (256, 200, 50), (8, 10000, 500)):
        for threads in (2, 16):
            size = philox._multinomial_block_rows(batch, classes, samples, threads)
            assert 1 <= size <= batch
