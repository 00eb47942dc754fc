"""Storage: SQLAlchemy models, the database handle and Alembic migrations."""

# Set by app.cli.main, before anything imports the models, for a quick read-only command line (LIGHT_COMMANDS):
# app.storage.models then loads only the core models and each area module is imported by the code that uses
# it. Everywhere else (the window, tests, every other command) importing app.storage.models loads them all.
LIGHT_MODELS = False
