"""The catalogue subsystem: the substring search index over titles and 文号."""
