"""Entry point of the bundled program: the window by default, the same sub-commands as `gongkai`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app.cli.main import main

    sys.exit(main())
