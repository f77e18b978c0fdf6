#!/usr/bin/env bash
# Runs the Passerelle gateway image with every GPU, the model cache and the Hugging Face token:
#   ./run_docker.sh my-image:latest
# Variables: HOST_PORT (8000), HOST_BIND_ADDRESS (0.0.0.0), MODEL_CACHE_DIR (./model_cache, mounted
# on /models), HUGGINGFACE_TOKEN, ADVERTISED_HOSTS (comma list printed at the end), CONTAINER_NAME,
# WAIT_SECONDS (120); OPENAI_API_KEYS, LAZY_LOAD_MODELS, LOG_LEVEL, ADMIN_TOKEN, ALLOWED_HOSTS,
# ALLOWED_ORIGINS, MAX_UPLOAD_MB, MAX_AUDIO_SECONDS are passed through when set.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "${1:-}" ]; then
  echo "usage: $0 IMAGE[:TAG]" >&2
  exit 2
fi
image="$1"
host_port="${HOST_PORT:-8000}"
bind_address="${HOST_BIND_ADDRESS:-0.0.0.0}"
cache_dir="${MODEL_CACHE_DIR:-$(pwd)/model_cache}"
name="${CONTAINER_NAME:-passerelle}"
wait_seconds="${WAIT_SECONDS:-120}"

case "$host_port" in
  ''|*[!0-9]*) echo "HOST_PORT must be a port number, got '${host_port}'" >&2; exit 2 ;;
esac
mkdir -p "$cache_dir"
cache_dir="$(cd "$cache_dir" && pwd)"

args=(run --detach --name "$name" --restart unless-stopped --gpus all
  --publish "${bind_address}:${host_port}:8000"
  --volume "${cache_dir}:/models"
  --env MODEL_CACHE_DIR=/models)
# Secrets are passed by name (docker reads them from this environment), never on the command line.
for var in HUGGINGFACE_TOKEN OPENAI_API_KEYS ADMIN_TOKEN LAZY_LOAD_MODELS LOG_LEVEL ALLOWED_HOSTS ALLOWED_ORIGINS MAX_UPLOAD_MB MAX_AUDIO_SECONDS; do
  if [ -n "${!var:-}" ]; then args+=(--env "$var"); fi
done
args+=("$image")

echo "Starting ${image} as ${name} (GPUs: all, cache: ${cache_dir} → /models)…"
docker "${args[@]}" >/dev/null

probe_host="$bind_address"
[ "$probe_host" = "0.0.0.0" ] && probe_host=127.0.0.1
ready=no
for _ in $(seq 1 "$wait_seconds"); do
  if curl -fsS "http://${probe_host}:${host_port}/healthz" >/dev/null 2>&1; then ready=yes; break; fi
  sleep 1
done
if [ "$ready" = yes ]; then
  echo "Passerelle is up."
else
  echo "Passerelle is not answering yet: follow it with 'docker logs -f ${name}'."
fi

echo "Admin token: docker exec ${name} cat /models/.passerelle/admin-token (unless ADMIN_TOKEN is set)."
IFS=',' read -r -a hosts <<< "${ADVERTISED_HOSTS:-${probe_host}}"
for h in "${hosts[@]}"; do
  h="$(echo "$h" | tr -d '[:space:]')"
  [ -n "$h" ] && echo "Dashboard and API: http://${h}:${host_port}/ (OpenAI base URL: http://${h}:${host_port}/v1)"
done
