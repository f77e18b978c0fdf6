#!/usr/bin/env bash
# Builds the Passerelle gateway image: ./build_docker.sh my-image:latest [extra docker build args…]
# Build arguments: VLLM_VERSION (pinned vLLM), CUDA_IMAGE, NODE_IMAGE.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "${1:-}" ]; then
  echo "usage: $0 IMAGE[:TAG] [docker build arguments…]" >&2
  echo "example: $0 passerelle:$(date +%Y%m%d)" >&2
  exit 2
fi
image="$1"
shift
cd "$(dirname "$0")"

args=(build --tag "$image")
[ -n "${VLLM_VERSION:-}" ] && args+=(--build-arg "VLLM_VERSION=${VLLM_VERSION}")
[ -n "${CUDA_IMAGE:-}" ] && args+=(--build-arg "CUDA_IMAGE=${CUDA_IMAGE}")
[ -n "${NODE_IMAGE:-}" ] && args+=(--build-arg "NODE_IMAGE=${NODE_IMAGE}")
args+=("$@" .)

echo "Building ${image}…"
docker "${args[@]}"
echo "Built ${image}. Run it with: ./run_docker.sh ${image}"
