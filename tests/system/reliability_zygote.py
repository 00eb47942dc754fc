"""A warm process that forks `gongkai` CLI runs on request, so tests can kill them at random moments.

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
  {"run": [argv...], "log": "path", "env": {...}}  -> {"pid": n}   (the child runs app.cli.main.main(argv))
  {"wait": pid}                        -> {"pid": n, "killed": bool, "code": int|null, "elapsed": s}
Importing everything once keeps each run short, so the kills land in the work, not in Python's start-up.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time


def warm_up() -> None:
    """Import what the runs need; a module another engineer is editing right now may fail: the child
    will import it again (and report the error) when it runs."""
    try:
        from app.cli.main import build_parser

        build_parser()  # imports every command module
    except Exception:
        pass
    for name in ["app.register.applications", "app.register.interchange", "app.workbench.spreadsheets",
                 "app.core.integrity", "app.calendar.overrides", "app.storage.db", "app.storage.migrate",
                 "app.workbench.demo",  # with every area's demo steps
                 "sqlalchemy.dialects.sqlite", "openpyxl"]:
        try:
            importlib.import_module(name)
        except Exception:
            pass


def main() -> None:
    warm_up()
    out = sys.stdout
    started: dict[int, float] = {}
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        if "run" in cmd:
            pid = os.fork()
            if pid == 0:  # child: the CLI, output to the log file
                code = 1
                try:
                    os.environ.update(cmd.get("env") or {})
                    fd = os.open(cmd["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(fd, 1)
                    os.dup2(fd, 2)
                    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                    from app.cli.main import main as cli_main

                    code = cli_main(cmd["run"])
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(int(code or 0))
            started[pid] = time.monotonic()
            out.write(json.dumps({"pid": pid}) + "\n")
        elif "wait" in cmd:
            pid = int(cmd["wait"])
            _, status = os.waitpid(pid, 0)
            elapsed = time.monotonic() - started.pop(pid, time.monotonic())
            killed = os.WIFSIGNALED(status)
            code = None if killed else os.WEXITSTATUS(status)
            out.write(json.dumps({"pid": pid, "killed": killed, "code": code, "elapsed": elapsed}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
