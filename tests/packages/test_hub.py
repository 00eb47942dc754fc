"""The county as a hub: the platform's packages for a township with no link pass through the county by
file, unchanged, and are acknowledged for the township once its registrations come back."""

from __future__ import annotations

import pytest

from app import packages
from app.errors import UserError
from app.packages import hub
from app.packages import platform as packages_sync
from app.refplatform import releases
from tests.helpers.packages import add_applications

TOKEN = "platform-token"


def test_releases_and_online_applications_reach_a_township_through_the_county(linked, ref_platform, tmp_path):
    from app.calendar import official_years
    from app.storage.models.register import Application

    county, township, c_code, t_code = linked
    for db in (county, township):
        with db.session() as s:
            packages.trust_key(s, ref_platform.state.public.pem, "province", "省级政务公开平台")
    add_applications(township, 1)  # the county learns of the township from its first package
    first = tmp_path / "t1.gkpkg"
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=first)
    with county.session() as s:
        packages.import_file(s, first)
        with pytest.raises(UserError, match="下级机关"):
            hub.set_hub_offices(s, ["11330127MB00009990"])
        assert hub.set_hub_offices(s, [t_code]) == [t_code]

    _, [ref] = releases.submit_applications(ref_platform.state, t_code, [
        {"submitted_at": "2026-12-04T19:40:00+08:00", "applicant": {"name": "孙丽"}, "content": "白沙镇河道整治资金"}])
    releases.release_calendar(ref_platform.state, t_code, 2027, [{"date": "2027-01-04", "is_workday": False}])
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.hub.fetched == {t_code: 2} and "2个数据包待转交" in report.message
    with county.read_session() as s:  # the county registers nothing of the township's itself
        assert s.query(Application).filter(Application.channel == "online").count() == 0

    with county.session() as s:
        files = hub.export_relay(s, t_code, tmp_path / "usb")
    assert len(files) == 2
    for f in files:  # the township checks the platform's signature itself
        with township.session() as s:
            assert packages.import_file(s, f).state == "applied"
    with township.read_session() as s:
        [app] = s.query(Application).filter(Application.channel == "online").all()
        assert str(app.received_on) == "2026-12-07" and 2027 in official_years(s)
    assert ref_platform.state.applications[ref].serial is None  # not yet: the county has no proof

    back = tmp_path / "t2.gkpkg"
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=back)
    with county.session() as s:
        packages.import_file(s, back)
    report = packages_sync.sync(county, url=ref_platform.url, token=TOKEN)
    assert report.hub.acknowledged == 1
    assert ref_platform.state.applications[ref].serial == app.serial  # the township's own serial
    acked = {i.package_id: i.acknowledged_at for i in ref_platform.state.inbox}
    assert sum(1 for v in acked.values() if v) == 1  # the calendar package: no proof of import, not acknowledged
    with county.read_session() as s:
        listed = hub.list_relay(s)
    assert [(r.handed_over, r.acknowledged) for r in listed] == [(True, True), (True, False)]


def test_hub_commands(linked, tmp_path, capsys):
    from app.cli.main import main

    county, township, c_code, t_code = linked
    add_applications(township, 1)
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "t.gkpkg")
    with county.session() as s:
        packages.import_file(s, tmp_path / "t.gkpkg")
    assert main(["--db", county.target, "package", "hub", "--offices", t_code]) == 0
    assert t_code in capsys.readouterr().out
    assert main(["--db", county.target, "package", "relay", "--to", t_code, "--out", str(tmp_path / "o")]) != 0
    assert "没有代" in capsys.readouterr().err
