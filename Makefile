# Zhifa — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
ZHIFA := $(VENV)/bin/zhifa
# Debian packages: Chromium for the browser tests, poppler-utils for pdfsig, CJK fonts for pages and PDFs,
# LibreOffice (Writer, no GUI) turns issued DOCX documents into PDF;
# python3-venv because Debian's python3 cannot create the virtualenv without it.
SYSTEM_PACKAGES := chromium poppler-utils fonts-noto-cjk python3-venv libreoffice-writer-nogui
SYSTEM_COMMANDS := /usr/bin/chromium /usr/bin/pdfsig /usr/bin/soffice
# The suite runs on every CPU (pytest-xdist: one test database per worker); PYTEST_WORKERS=0 runs it in-process.
PYTEST_WORKERS ?= auto

.PHONY: demo test system venv install migrate lint serve worker clean

demo: system install
	$(ZHIFA) demo

test: system install
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

system:
	@missing=""; for c in $(SYSTEM_COMMANDS); do [ -x $$c ] || missing="yes"; done; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="yes"; \
	[ -x $(PY) ] || $(PYTHON) -c "import ensurepip" 2>/dev/null || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages: $(SYSTEM_PACKAGES)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "Please install the system packages first:"; \
	    echo "  sudo apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

venv: $(PY)

install: $(PY)
	$(PIP) install -q -e ".[test]"

migrate: install
	$(ZHIFA) migrate

serve: install
	$(ZHIFA) serve

worker: install
	$(ZHIFA) worker

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/test.sqlite3* .pytest_cache
