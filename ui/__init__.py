"""gongkai's Qt (PySide6) front end: one package per area, screens and widgets that call the core's areas."""
