"""The work ledger's screens (工作台账)."""
