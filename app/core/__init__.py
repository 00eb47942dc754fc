"""Core services every area uses: audit trail, backups, office profile, settings, sequences, jobs, privacy, integrity, security."""
