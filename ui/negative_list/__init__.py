"""The negative list's screens (负面清单)."""
