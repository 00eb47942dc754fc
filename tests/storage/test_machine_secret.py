"""The signing key's password is never kept in the data folder (issue 18 item 7)."""

from __future__ import annotations

import os

import pytest

from app import paths
from app.errors import StorageError
from app.packages import keys
from app.storage import machine_secret


def _files_under(folder):
    return {p.name for p in folder.rglob("*") if p.is_file()}


def test_a_copy_of_the_data_folder_carries_no_usable_key(gongkai_home, tmp_path, monkeypatch):
    info, name, protection = keys.create_key_file()
    assert protection == "machine"
    assert keys.SECRET_FILE not in _files_under(gongkai_home)  # only the encrypted key is in the data folder
    assert name in _files_under(gongkai_home)
    # The same folder on another PC: a different secret dir (empty there).
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "other-pc"))
    with pytest.raises(Exception, match="无法解密"):
        keys.load_private(name, protection, info.key_id)


def test_without_an_override_the_secret_is_not_under_gongkai_home(gongkai_home, tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_SECRETS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # platformdirs' user_config_dir on Linux
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    folder = paths.secret_dir().resolve()
    assert gongkai_home.resolve() not in folder.parents


def test_a_secret_dir_inside_the_data_dir_is_refused(gongkai_home, monkeypatch):
    monkeypatch.setenv("GONGKAI_SECRETS", str(gongkai_home / "secrets"))
    with pytest.raises(StorageError, match="GONGKAI_SECRETS"):
        machine_secret.get("x")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_secret_files_are_owner_only(gongkai_home):
    machine_secret.get("probe")
    path = machine_secret.secret_path("probe")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_dpapi_wrapped_secret_is_refused_clearly_off_windows(gongkai_home):
    if os.name == "nt":
        pytest.skip("on Windows the blob is unwrapped by DPAPI")
    machine_secret.secret_path("wrapped").write_bytes(machine_secret.DPAPI_PREFIX + b"\x01\x02")
    with pytest.raises(StorageError, match="Windows"):
        machine_secret.get("wrapped")
