"""Signed packages (.gkpkg): keys, manifest, archive, export, import and sync (contracts.md sections 4-5)."""
