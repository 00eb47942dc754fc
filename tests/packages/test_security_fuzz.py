"""Generated packages mixing the offices and record ids a sender may and may not write (issue 18 item 2):
a package is applied exactly when every record belongs to an office its sender speaks for, and a refused
package changes nothing. A few examples in CI, GONGKAI_FUZZ_EXAMPLES under `make fuzz`."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import packages
from app.errors import ValidationError
from app.packages import offices
from tests.helpers.packages import add_applications, content_digest, craft

OFFICES = ("none", "sender", "allowed", "other", "unknown", "own")
IDS = ("fresh", "fresh", "fresh", "other", "own")


def _code(base: str) -> str:
    from app.domain.identifiers import org_code_check_char

    return base + org_code_check_char(base)


ALLOWED = _code("11330127MB0000411")
OTHER = _code("11330127MB0000512")
UNKNOWN = _code("11330127MB0000613")


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


RECORDS = st.lists(st.tuples(st.sampled_from(OFFICES), st.sampled_from(IDS)), min_size=1, max_size=6)


class World:
    def __init__(self, linked) -> None:
        from app.core import profile
        from app.register.interchange import import_records

        self.county, self.township, self.c_code, self.t_code = linked
        with self.county.session() as s:
            offices.allow_office(s, self.t_code, ALLOWED)
            other = profile.ensure_office(s, OTHER, "青石乡人民政府")
            self.other_id = str(uuid.uuid4())
            import_records(s, [self.record(self.other_id, OTHER)], office_id=other.id)
        [self.own_id] = add_applications(self.county, 1)
        self.sequence = 1

    @staticmethod
    def record(rid: str, office: str | None) -> dict:
        return {"id": rid, "updated_at": "2026-01-01T00:00:00", "deleted": False, "office": office,
                "received_on": "2025-01-02", "channel": "post",
                "applicant": {"kind": "natural_person", "name": "甲"}, "content": "申请公开某文件"}

    def office(self, which: str) -> str | None:
        return {"none": None, "sender": self.t_code, "allowed": ALLOWED, "other": OTHER, "unknown": UNKNOWN,
                "own": self.c_code}[which]

    def rid(self, which: str) -> str:
        return {"fresh": str(uuid.uuid4()), "other": self.other_id, "own": self.own_id}[which]

    def run(self, spec: list[tuple[str, str]]) -> None:
        lines = b"".join(json.dumps(self.record(self.rid(i), self.office(o)), ensure_ascii=False).encode() + b"\n"
                         for o, i in spec)
        data = craft(self.township, {"data/applications.jsonl": lines}, recipient=self.c_code,
                     sequence=self.sequence)
        allowed = all(o in ("none", "sender", "allowed") and i == "fresh" for o, i in spec)
        before = content_digest(self.county)
        try:
            with self.county.session() as s:
                out = packages.import_package(s, data)
        except ValidationError as exc:
            assert not allowed, f"{spec} refused: {exc.message}"
            assert content_digest(self.county) == before
            return
        assert allowed, f"{spec} was applied"
        assert out.state == "applied"
        self.sequence += 1


def _property(linked, examples: int) -> None:
    world = World(linked)

    @_settings(examples)
    @given(RECORDS)
    def check(spec):
        world.run(spec)

    check()


def test_generated_packages_write_only_the_offices_of_their_sender(linked):
    _property(linked, 12)


@pytest.mark.fuzz
@pytest.mark.skipif(not os.environ.get("GONGKAI_FUZZ_EXAMPLES"), reason="long fuzz run: make fuzz")
def test_generated_packages_long(linked):
    _property(linked, min(int(os.environ["GONGKAI_FUZZ_EXAMPLES"]), 400))
