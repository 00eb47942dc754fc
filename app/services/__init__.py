"""Services: plain functions taking a Session first; the caller's unit of work commits."""
