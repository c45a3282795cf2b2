# kefu: `make run` sets up and starts everything; `make test` sets up and runs all tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa

INSTALLED := $(VENV)/.installed
SPACY_PIPELINE := build/spacy_zh/meta.json
MODEL := models/kefu.tar.gz
TRAINING_INPUTS := config.yml domain.yml data/traditional.yml $(SPACY_PIPELINE) $(wildcard data/nlu/*.yml data/rules/*.yml data/stories/*.yml)

.PHONY: run test test-fast lint format install lock system-packages train train-full chat bench bench-load profile clean

run: system-packages install $(MODEL)
	@scripts/run.sh

# Defaults (ports, paths) live in kefu/settings.py; scripts/run.sh exports them for Rasa.
test: system-packages install lint $(MODEL)
	$(PY) -m pytest

# Seconds, without a model or servers: `pytest -m "not slow"`.
test-fast: install lint
	$(PY) -m pytest -m "not slow"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: $(INSTALLED)

# Exact versions from requirements/lock.txt, installed without dependency
# resolution: Rasa 3.6.21 declares Python <3.11, and its own pins vanish on 3.11
# (requirements/README.md). `make lock` regenerates the lock from the lists.
$(INSTALLED): requirements/lock.txt pyproject.toml | system-packages
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "kefu needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --prefer-binary --no-deps --ignore-requires-python -r requirements/lock.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

# Rebuild the lock in a scratch venv the verified way: Rasa's list with 3.11 pins,
# then rasa and rasa-sdk without their metadata, then the test tools.
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --upgrade pip
	build/lock-venv/bin/pip install --quiet --prefer-binary -r requirements/rasa-py311.txt
	build/lock-venv/bin/pip install --quiet --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	build/lock-venv/bin/pip install --quiet -r requirements/dev.txt
	build/lock-venv/bin/pip freeze > requirements/lock.txt
	rm -rf build/lock-venv

# Redis, Chromium and the CJK font come from the OS packages when missing.
system-packages:
	@PYTHON=$(PYTHON) scripts/install_system_packages.sh

# Blank zh spaCy pipeline: Jieba + entity ruler from data/lexicons/*.yml. Rasa's training
# cache sees the rebuilt pipeline by its content (kefu_rasa/spacy_pipeline.py), so a lexicon
# change retrains the NLU components only.
$(SPACY_PIPELINE): $(INSTALLED) scripts/build_spacy_zh.py kefu/lexicon.py kefu_rasa/spacy_jieba_words.py $(wildcard data/lexicons/*.yml)
	$(PY) scripts/build_spacy_zh.py build/spacy_zh

# Retrained only when the data, domain, config or lexicons changed.
# The model is dated when its training started: a file edited meanwhile is newer, so the next
# make trains again instead of keeping a model that lacks the edit.
# Only NLU examples changed since the last training: Rasa's finetuning, about a minute
# (scripts/train.py says when it applies); otherwise from the start, a few minutes.
$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@start=$$(date +%s.%N); $(PY) scripts/train.py && touch -d @$$start $(MODEL)

train: $(MODEL)

train-full: install $(SPACY_PIPELINE)
	@start=$$(date +%s.%N); $(PY) scripts/train.py --full && touch -d @$$start $(MODEL)

# Terminal chat against running servers (after `make run` in another terminal).
chat: install
	eval "$$($(PY) -m kefu.settings)" && export KEFU_ACTION_TOKEN="$$(cat var/action_token)" \
	  KEFU_REDIS_PASSWORD="$$(cat var/redis_password)" && $(RASA) shell -m $(MODEL) --endpoints endpoints.yml

bench: install $(MODEL)
	$(PY) bench/risk_eval.py
	$(PY) bench/nlu_eval.py

# Peak load: simulated shoppers through the gateway on a private stack (bench/load.py, about
# 5 minutes); figures to bench/results/. `make profile` adds a py-spy flame graph of Rasa.
bench-load: install $(MODEL)
	$(PY) bench/load.py

profile: install $(MODEL)
	$(PY) bench/load.py --profile rasa

clean:
	rm -rf build models results .rasa var/shop.sqlite
