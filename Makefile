# Entry points. Both main targets install what they need first (scripts/bootstrap.sh).
PY := .venv/bin/python
BUILD_DIR := build/dev

.PHONY: demo test setup build test-cpp test-python bench bench-cpp clean

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

# C++ micro benchmarks in their own build directory (core only, no Python module).
bench-cpp: setup
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSKIPJACK_BUILD_PYTHON=OFF \
	  -DSKIPJACK_BUILD_BENCHMARKS=ON -DPython_EXECUTABLE=$(CURDIR)/$(PY) \
	  -DCMAKE_MAKE_PROGRAM=$(CURDIR)/.venv/bin/ninja > /dev/null
	cmake --build build/bench
	for b in build/bench/cpp/benchmarks/*_benchmark; do $$b; done

clean:
	rm -rf build
