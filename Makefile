# Each target does its own set-up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hymy demo

test: $(STAMP)
	$(BIN)/ruff check hymy tests bench
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check hymy tests bench
	$(BIN)/ruff format --check hymy tests bench

# Re-extract the translatable strings after changing user-facing text, then translate the .po files.
messages: $(STAMP)
	cd hymy && ../$(BIN)/django-admin makemessages --locale fi --locale en --locale sv --settings hymy.settings --pythonpath .. --ignore "static/*"
	cd hymy && ../$(BIN)/django-admin compilemessages --settings hymy.settings --pythonpath ..

clean:
	rm -rf $(VENV) var
