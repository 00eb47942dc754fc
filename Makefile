# gongkai developer commands. `make run` starts the window, `make test` runs every test, `make lint` the checkers.
.PHONY: run demo test lint bench deb fuzz clean platform

run:
	bash scripts/bootstrap.sh
	.venv/bin/gongkai $(if $(DEMO),--demo,)

demo:
	$(MAKE) run DEMO=1

test:
	bash scripts/test.sh

lint:
	bash scripts/bootstrap.sh
	.venv/bin/ruff check .
	.venv/bin/mypy

# The reference provincial platform on 127.0.0.1:8765 (docs/spec/packages.md; docs/platform-openapi.yaml).
platform:
	bash scripts/bootstrap.sh
	.venv/bin/gongkai platform serve $(if $(STATE),--state $(STATE),)

bench:
	bash scripts/bootstrap.sh
	.venv/bin/python bench/run.py

deb:
	bash scripts/bootstrap.sh
	bash installer/linux/build-deb.sh

fuzz:
	bash scripts/bootstrap.sh --test
	GONGKAI_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q -m fuzz tests

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
