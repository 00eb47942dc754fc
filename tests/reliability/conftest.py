"""Fixtures of the reliability suite: a warm fork server for CLI runs that the tests kill or feed bad input."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.reliability.reliability_support import ForkServer  # noqa: E402


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("zygote-home")
    env = os.environ.copy()
    env["GONGKAI_HOME"] = str(home)  # never the real user data dir, even before a test sets its own
    env.pop("GONGKAI_DB", None)
    server = ForkServer(env)
    yield server
    server.close()
