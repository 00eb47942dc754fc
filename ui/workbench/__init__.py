"""Screens spanning areas: the dashboard (工作台) and the Excel import."""
