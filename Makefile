# Entry points. Both main targets install what they need first (scripts/bootstrap.sh).
PY := .venv/bin/python
BUILD_DIR := build/dev

.PHONY: demo test setup build test-cpp test-python bench clean

demo: build
	$(PY) examples/demo.py

test: build
	@status=0; \
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 || status=1; \
	$(PY) -m pytest -q || status=1; \
	exit $$status

setup:
	@scripts/bootstrap.sh

build: setup
	@cmake --build $(BUILD_DIR)

test-cpp: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

test-python: build
	$(PY) -m pytest -q

bench: build
	$(PY) benchmarks/run.py

clean:
	rm -rf build
