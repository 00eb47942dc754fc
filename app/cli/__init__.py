"""The headless command line `gongkai` (docs/spec/command-line.md)."""
