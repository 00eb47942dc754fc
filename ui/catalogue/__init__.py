"""The catalogue's screens (公开目录)."""
