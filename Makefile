# tthc — the two commands a newcomer needs: `make run` and `make test`.
# Each does its whole set-up on a fresh Debian machine; a second run skips what is done.

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PYTHON ?= python3
HOST   ?= 127.0.0.1:8000
# The development targets run with DEBUG on, which lets the settings use their development key; a deployment
# runs `tthc` itself with its own SECRET_KEY (see README, Production).
DEV    := DEBUG=true
# Benchmarks measure production settings (DEBUG off), each in a database of its own; a placeholder key is
# enough for that database. BENCH_DOSSIERS is the size of the dossier archive of the lookup benchmark: small
# by default, `make bench BENCH_DOSSIERS=1000000` for the full measurement (about an hour to generate).
BENCH_DOSSIERS ?= 20000
BENCH  := SECRET_KEY=$${SECRET_KEY:-tthc-benchmark-only-key-not-for-production}

.PHONY: run test lint bench system-packages install migrate demo clean

system-packages:
	@bash scripts/system-packages.sh $(PYTHON)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: system-packages $(STAMP)

migrate: install
	$(DEV) $(BIN)/tthc migrate --noinput -v0

demo: migrate
	$(DEV) $(BIN)/tthc demo load

run: demo
	@$(DEV) $(BIN)/tthc demo logins
	@echo "tthc đang chạy tại http://$(HOST)  (Ctrl+C để dừng)"
	$(DEV) $(BIN)/tthc runserver $(HOST)

# pytest's own exit status is kept (make would turn any failure into 2); 5 means no test was collected.
test: install
	$(BIN)/ruff check src tests bench
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest không thu được bài kiểm thử nào (mã 5)" >&2; fi; \
	  exit $$status

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BENCH) $(BIN)/python bench/catalog_search.py
	$(BENCH) $(BIN)/python bench/plan_parse.py
	$(BENCH) $(BIN)/python bench/dossier_lookup.py --count $(BENCH_DOSSIERS) --keep
	$(BENCH) $(BIN)/python bench/dossier_intake.py

clean:
	rm -rf $(VENV) var .pytest_cache
