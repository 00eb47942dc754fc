"""Fixtures of the system tests (the reliability suite): a warm fork server for CLI runs that the tests kill or feed bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.reliability import ForkServer


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("zygote-home")
    env = os.environ.copy()
    env["GONGKAI_HOME"] = str(home)  # never the real user data dir, even before a test sets its own
    env.pop("GONGKAI_DB", None)
    server = ForkServer(env)
    yield server
    server.close()


def pytest_collection_modifyitems(config, items):
    """Fuzz-length tests of this directory run only under `make fuzz` (GONGKAI_FUZZ_EXAMPLES set)."""
    from tests.helpers.reliability import fuzz_mode

    if fuzz_mode():
        return
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason="long fuzz run: make fuzz")
    for item in items:
        if "fuzz" in item.keywords and here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)
