# Zhanqun (站群). `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
PYTEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= zhanqun.settings.dev

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# The demo needs only the project and its dependencies; the dev tools (pytest, Playwright,
# ruff …) are added by `make install`, which the test, lint and check targets call.
$(VENV)/.installed-runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.installed-runtime pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

.PHONY: install
install: $(VENV)/.installed ## Create the virtual environment and install the project with its dev tools

# Debian packages the tests use: a browser, a Chinese font, the web server the
# published sites run behind. The benchmarks add hugo (comparison) and wrk (load).
APT_TEST_PACKAGES := chromium fonts-wqy-microhei nginx-light openjdk-17-jre-headless
APT_BENCH_PACKAGES := hugo wrk
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing from apt:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

.PHONY: messages
messages: ## Compile the project's own translations (src/zhanqun/locale, .po → .mo; needs GNU gettext's msgfmt); commit both
	cd src/zhanqun && ../../$(BIN)/django-admin compilemessages --locale zh_Hans --ignore '../../.venv' -v0

.PHONY: browsers
browsers: ## Install what the tests need from apt: Chromium, a Chinese font, nginx (needs root)
	$(call apt_install,$(APT_TEST_PACKAGES))

# The HTML validator (vnu-jar, W3C's Nu checker) comes from npm and runs on Java 17;
# --ignore-scripts stops its postinstall from trying to download a Java runtime.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

.PHONY: node-tools
node-tools: node_modules/.package-lock.json ## Install the HTML validator (vnu-jar) from npm

.PHONY: bench-tools
bench-tools: browsers ## Install what the benchmarks need from apt: hugo and wrk
	$(call apt_install,$(APT_BENCH_PACKAGES))

.PHONY: migrate
migrate: $(VENV)/.installed-runtime ## Apply database migrations (embedded SQLite in var/ unless DATABASE_URL is set)
	$(BIN)/zhanqun migrate --no-input -v0

.PHONY: seed
seed: migrate ## Load the demo site group if the database is empty
	$(BIN)/zhanqun seed

# The server starts as soon as the demo is loaded (pages are rendered on request until
# they are published); publishing every site and a first monitoring run go on in the
# background at a lower priority (nice), logged to var/demo-background.log.
DEMO_VAR := $(or $(ZHANQUN_VAR_DIR),var)
DEMO_CHECKS := --check freshness --check footer --check tamper --check links --check interaction --check content
.PHONY: demo
demo: seed ## Set up everything and serve the back office and every public site on localhost
	@$(BIN)/zhanqun demo_info --port $(PORT)
	@echo "后台正在发布各网站的静态文件并进行一次网站监测（约两分钟），记录见 $(DEMO_VAR)/demo-background.log。"
	@( nice $(BIN)/zhanqun publish all; nice $(BIN)/zhanqun monitor run $(DEMO_CHECKS) ) > $(DEMO_VAR)/demo-background.log 2>&1 & \
	$(BIN)/zhanqun runserver 127.0.0.1:$(PORT)

.PHONY: lint
lint: install ## Lint with ruff, and bandit (no high-severity security finding in src)
	$(BIN)/ruff check src bench
	$(BIN)/bandit -r src -c pyproject.toml --severity-level high --quiet

.PHONY: check
check: install ## Django system checks and migration drift
	DJANGO_SETTINGS_MODULE=zhanqun.settings.test $(BIN)/zhanqun check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=zhanqun.settings.test $(BIN)/zhanqun makemigrations --check --dry-run

.PHONY: test
test: install browsers node-tools lint check ## Run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
	DJANGO_SETTINGS_MODULE=zhanqun.settings.test $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -q

.PHONY: bench
bench: install bench-tools ## Run the benchmarks in bench/ and write bench/results/*.json
	$(BIN)/python bench/run.py

.PHONY: clean
clean: ## Remove the virtual environment and the local database (var/)
	rm -rf $(VENV) var/zhanqun.sqlite3* var/media var/static var/public var/scheduler.json var/scheduler.lock var/mail var/demo-background.log
