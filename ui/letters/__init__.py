"""Letters: the issue dialog and the template settings (文书)."""
