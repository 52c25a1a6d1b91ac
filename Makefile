# tthc — the two commands a newcomer needs: `make run` and `make test`.
# Each does its whole set-up on a fresh Debian machine; a second run skips what is done.

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PYTHON ?= python3
HOST   ?= 127.0.0.1:8000

.PHONY: run test lint bench system-packages install migrate demo clean

system-packages:
	@bash scripts/system-packages.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: system-packages $(STAMP)

migrate: install
	$(BIN)/tthc migrate --noinput -v0

demo: migrate
	$(BIN)/tthc demo load

run: demo
	@$(BIN)/tthc demo logins
	@echo "tthc đang chạy tại http://$(HOST)  (Ctrl+C để dừng)"
	DEBUG=true $(BIN)/tthc runserver $(HOST)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: migrate
	$(BIN)/python bench/catalog_search.py

clean:
	rm -rf $(VENV) var .pytest_cache
