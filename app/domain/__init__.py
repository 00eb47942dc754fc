"""Pure domain rules (no database, no Qt): identifiers, working days, deadlines, outcomes."""
