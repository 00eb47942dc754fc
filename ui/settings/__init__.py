"""The 设置 screen and the settings tabs of the core (profile, backups, security); areas add their own tabs."""
