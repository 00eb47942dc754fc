"""Every screen of the navigation has its own icon (a new screen without one once showed a blank entry)."""

from __future__ import annotations

from app.paths import resource_path
from ui.main_window import NAV_ICONS
from ui.navigation import SCREENS


def test_every_screen_has_an_icon_file():
    titles = [title for title, _module, _cls in SCREENS]
    assert set(NAV_ICONS) == set(titles)
    assert len(set(NAV_ICONS.values())) == len(titles), "each screen its own icon"
    for name in NAV_ICONS.values():
        assert resource_path("icons", f"{name}.svg").is_file(), name
