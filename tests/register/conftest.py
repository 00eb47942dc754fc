"""Fixtures of the register tests."""

from __future__ import annotations

import pytest

from tests.helpers.register import application_data


@pytest.fixture
def new_app(session):
    """Register an application and return its id."""
    from app import register

    def make(**overrides) -> int:
        return register.register_application(session, application_data(**overrides)).id

    return make
