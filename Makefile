# Everything a newcomer needs: `make run` serves the demo site, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PORT ?= 8000
# Two workers suit a two-core machine; `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2
RUN_ENV := DJANGO_SETTINGS_MODULE=hub.settings.production SECURE_SSL_REDIRECT=0 \
	SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 EMAIL_ALLOW_CONSOLE=1

.PHONY: install run dev test lint format bench clean system-packages

$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(INSTALLED)

# Debian tools that read Office 97-2003 text (.doc: antiword or catdoc; .ppt: catppt from catdoc).
# Without them those files are still stored, their extraction fails with a reason naming the
# missing tool, and their tests are skipped; as root with apt-get they are installed here.
system-packages:
	@missing=""; command -v antiword >/dev/null || missing="$$missing antiword"; \
	command -v catppt >/dev/null || missing="$$missing catdoc"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 \
				|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
					apt-get install -y -qq $$missing >/dev/null; }; } \
				|| echo "Could not install$$missing: .doc/.ppt text will not be read."; \
		else echo "Missing Debian packages:$$missing (sudo apt-get install$$missing):" \
			".doc/.ppt files are stored but their text is not read, and their tests are skipped."; fi; \
	fi

# A local secret key and demo password, made once and kept out of git.
.env:
	@$(PY) bin/make_env.py > .env
	@echo "Wrote .env with a new SECRET_KEY and HUB_DEMO_PASSWORD."

staticfiles/staticfiles.json: $(INSTALLED) .env $(shell find static -type f 2>/dev/null)
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0
	@touch $@

run: $(INSTALLED) system-packages .env staticfiles/staticfiles.json
	@$(RUN_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(RUN_ENV) $(PY) manage.py load_demo --show-password
	@$(RUN_ENV) PORT=$(PORT) bin/serve

dev: $(INSTALLED)
	$(PY) manage.py migrate --noinput -v 0
	HUB_DEMO_PASSWORD=$${HUB_DEMO_PASSWORD:-demo-password-123} $(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests use axe-core and the Nu HTML Checker from npm; without npm they are skipped.
test: $(INSTALLED) system-packages
	@if command -v npm >/dev/null && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; }; then \
		npm ci --silent --no-audit --no-fund && touch node_modules; fi
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(find templates -name '*.html')
	@bin/check_static.sh

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find templates -name '*.html')

bench: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles
