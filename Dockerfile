# newsfuse CPU image. It runs the README's install steps (make install / make models), so CI,
# which runs the same targets on a clean machine, exercises every step of this build.
# The multi-stage slim runtime, CUDA variant and compose example come with the packaging issue.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    NEWSFUSE_MODEL_DIR=/models

RUN apt-get update \
    && apt-get install -y --no-install-recommends make=4.3-4.1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt Makefile README.md ./
COPY models ./models
COPY service ./service
COPY examples ./examples

# Models are assembled, verified (SHA-256) and converted at build time: the container needs no
# network at run time.
RUN make install models VENV=/opt/venv PYTHON=python3 \
    && useradd --system --uid 10001 --home-dir /app newsfuse \
    && chown -R newsfuse /models

USER 10001
ENV PATH=/opt/venv/bin:$PATH
ENTRYPOINT ["newsfuse"]
CMD ["summarize", "examples/seeds"]
