"""Fixtures of the packages tests: a county (the `db` fixture) and a township, keys exchanged."""

from __future__ import annotations

import pytest

TOWNSHIP = {"name": "白沙镇人民政府", "org_code": "11330127MB0000102", "level": "township",
            "review_agency": "测试县人民政府", "court": "测试县人民法院", "doc_prefix": "白政公开"}


def township_data() -> dict:
    from app.domain.identifiers import org_code_check_char

    data = dict(TOWNSHIP)
    data["org_code"] = data["org_code"] + org_code_check_char(data["org_code"])
    return data


@pytest.fixture
def township(tmp_path):
    from app.core import profile
    from app.storage.db import Database

    db = Database.open(tmp_path / "township.sqlite3", backup=False)
    with db.session() as s:
        profile.save_profile(s, township_data())
    yield db
    db.dispose()


@pytest.fixture
def county(db):
    return db


@pytest.fixture
def linked(county, township):
    """County trusts the township's key and the township trusts the county's."""
    from app import packages
    from app.core import profile

    with township.session() as s:
        t_key = packages.ensure_own_key(s)
        t_code = profile.own_office_row(s).org_code
    with county.session() as s:
        c_key = packages.ensure_own_key(s)
        c_code = profile.own_office_row(s).org_code
        packages.trust_key(s, t_key.pem, t_code, "白沙镇人民政府")
    with township.session() as s:
        packages.trust_key(s, c_key.pem, c_code, "测试县人民政府办公室")
    return county, township, c_code, t_code


@pytest.fixture
def ref_platform():
    """The reference platform (app.refplatform) on 127.0.0.1 with a token."""
    from app.refplatform import Platform

    platform = Platform(token="platform-token").start()
    yield platform
    platform.stop()


@pytest.fixture
def county_on_platform(county, ref_platform):
    """The county trusts the platform's key and the platform knows the county's."""
    from app import packages
    from app.core import profile

    with county.session() as s:
        packages.trust_key(s, ref_platform.state.public.pem, "province", "省级政务公开平台")
        own = packages.ensure_own_key(s)
        code = profile.own_office_row(s).org_code
    ref_platform.state.office_keys[code] = own.pem
    return county, code
