"""gongkai's Qt (PySide6) front end: screens and widgets that call app.services."""
