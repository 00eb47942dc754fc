"""Mutated packages (byte flips, truncations, splices) never crash the import and never change data."""

from __future__ import annotations

import os
import random
import re

import pytest

from app import packages
from app.errors import UserError
from tests.helpers.packages import add_applications, content_digest

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _mutate(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(5)
    buf = bytearray(data)
    if kind == 0:  # a few flipped bytes anywhere
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == 1:  # truncated
        del buf[rng.randrange(len(buf)):]
    elif kind == 2:  # one byte set to 0x00 / 0xFF (lengths and sizes in headers)
        buf[rng.randrange(len(buf))] = rng.choice((0, 0xFF))
    elif kind == 3:  # a chunk removed from the middle
        i = rng.randrange(len(buf))
        del buf[i:i + rng.randint(1, 64)]
    else:  # random bytes spliced in
        i = rng.randrange(len(buf))
        buf[i:i] = rng.randbytes(rng.randint(1, 32))
    return bytes(buf)


def _run(linked, tmp_path, examples: int, seed: int) -> None:
    county, township, c_code, _ = linked
    add_applications(township, 4, name="孙八")
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    original = (tmp_path / "p.gkpkg").read_bytes()
    with county.session() as s:
        packages.import_package(s, original)
    before = content_digest(county)
    rng = random.Random(seed)
    outcomes: dict[str, int] = {}
    for n in range(examples):
        mutated = _mutate(rng, original)
        try:
            with county.session() as s:
                out = packages.import_package(s, mutated)
            # Only a mutation that left every signed and hashed byte intact can get this far.
            assert out.state == "duplicate", f"mutation {n} was applied"
            outcomes["duplicate"] = outcomes.get("duplicate", 0) + 1
        except UserError as exc:
            assert CHINESE.search(exc.message), exc.message
            outcomes["refused"] = outcomes.get("refused", 0) + 1
        if n % 10 == 0 or n == examples - 1:
            assert content_digest(county) == before, f"data changed after mutation {n}"
    assert outcomes.get("refused", 0) > examples * 0.8


def test_mutated_packages_are_refused_and_change_nothing(linked, tmp_path):
    _run(linked, tmp_path, examples=200, seed=8)


@pytest.mark.fuzz
@pytest.mark.skipif(not os.environ.get("GONGKAI_FUZZ_EXAMPLES"), reason="long fuzz run: make fuzz")
def test_mutated_packages_long(linked, tmp_path):
    _run(linked, tmp_path, examples=int(os.environ["GONGKAI_FUZZ_EXAMPLES"]),
         seed=int(os.environ.get("GONGKAI_FUZZ_SEED", "2026")))
