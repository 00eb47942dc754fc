"""Sample data for `gongkai demo`, one module per area (see app/services/demo.py)."""
