"""The working calendar's settings tab (工作日历)."""
