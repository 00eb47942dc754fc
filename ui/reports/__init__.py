"""The annual report's screen (年度报告)."""
