"""The headless command line `gongkai` (contracts.md section 6)."""
