"""gongkai core: domain rules, storage, services and the command line (no Qt here)."""

__version__ = "0.1.0"
