# 决算看板 — the two commands a newcomer needs:
#   make run    create .venv, install, start the dashboard on the embedded sample report
#   make test   install test dependencies (and the browser + CJK fonts when missing), lint, run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint deps dev-deps system-deps bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

deps: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt

dev-deps: $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt

system-deps:
	bash scripts/install_system_deps.sh

run: deps
	$(PY) -m streamlit run app.py --server.port $(PORT)

lint: dev-deps
	$(PY) -m ruff check .

test: dev-deps system-deps lint
	$(PY) -m pytest -q

bench: deps
	for b in bench/*_bench.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
