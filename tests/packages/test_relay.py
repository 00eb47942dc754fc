"""A township with no link of its own: its records reach the province through the county, whole."""

from __future__ import annotations

import io
import json
import zipfile

from app import packages
from app.packages import platform as packages_sync
from tests.helpers.packages import add_applications


def test_township_to_county_to_province_arrives_whole(linked, ref_platform, tmp_path):
    county, township, c_code, t_code = linked
    with county.session() as s:
        packages.trust_key(s, ref_platform.state.public.pem, "province", "省级政务公开平台")
        ref_platform.state.office_keys[c_code] = packages.ensure_own_key(s).pem
    t_ids = add_applications(township, 3, name="李四")
    c_ids = add_applications(county, 2, name="王五", start=10)
    usb = tmp_path / "baisha.gkpkg"
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=usb)
    with county.session() as s:
        assert packages.import_file(s, usb).state == "applied"

    ref_platform.fault = "outage"  # the province is down on the first try: nothing is lost
    report = packages_sync.sync(county, url=ref_platform.url, token="platform-token")
    assert list(report.results.values()) == ["retry"] and ref_platform.state.received == {}
    ref_platform.fault = "ok"
    report = packages_sync.sync(county, url=ref_platform.url, token="platform-token", force=True)
    [pid] = report.results
    assert report.results[pid] == "accepted"

    received = ref_platform.state.received[pid]
    assert received.signature == "已核验" and received.offices == sorted({c_code, t_code})
    with zipfile.ZipFile(io.BytesIO(ref_platform.state.bodies[pid])) as zf:
        records = [json.loads(x) for x in zf.read("data/applications.jsonl").splitlines()]
    by_office: dict[str, set[str]] = {}
    for rec in records:
        by_office.setdefault(rec["office"], set()).add(rec["id"])
    assert by_office == {t_code: set(t_ids), c_code: set(c_ids)}  # every township record, none twice
    assert all(rec["applicant"]["name"].endswith("**") for rec in records)  # masked for the province
