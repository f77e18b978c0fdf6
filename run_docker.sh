#!/usr/bin/env bash
# Runs the Passerelle gateway image with every GPU, the model cache and the Hugging Face token:
#   ./run_docker.sh my-image:latest
# Variables: HOST_PORT (8000), HOST_BIND_ADDRESS (0.0.0.0), MODEL_CACHE_DIR (./model_cache, mounted
# on /models), HUGGINGFACE_TOKEN, ADVERTISED_HOSTS (comma list printed at the end), CONTAINER_NAME,
# WAIT_SECONDS (120); OPENAI_API_KEYS, LAZY_LOAD_MODELS, LOG_LEVEL, ADMIN_TOKEN, ALLOWED_HOSTS,
# ALLOWED_ORIGINS, MAX_UPLOAD_MB, MAX_AUDIO_SECONDS are passed through when set.
# HTTPS: TLS=self-signed (the certificate is made once and kept in the cache's .passerelle/tls), or
# TLS_CERT_FILE and TLS_KEY_FILE (files on this host, mounted read-only into the container).
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
for var in HUGGINGFACE_TOKEN OPENAI_API_KEYS ADMIN_TOKEN LAZY_LOAD_MODELS LOG_LEVEL ALLOWED_HOSTS ALLOWED_ORIGINS MAX_UPLOAD_MB MAX_AUDIO_SECONDS TLS; do
  if [ -n "${!var:-}" ]; then args+=(--env "$var"); fi
done
scheme=http
if [ -n "${TLS_CERT_FILE:-}" ] || [ -n "${TLS_KEY_FILE:-}" ]; then
  for var in TLS_CERT_FILE TLS_KEY_FILE; do
    if [ ! -r "${!var:-}" ]; then echo "${var} must be a readable PEM file (TLS_CERT_FILE and TLS_KEY_FILE go together), got '${!var:-}'" >&2; exit 2; fi
  done
  # The host's files, read-only, at fixed paths inside the container.
  args+=(--volume "$(cd "$(dirname "$TLS_CERT_FILE")" && pwd)/$(basename "$TLS_CERT_FILE"):/run/passerelle/tls/cert.pem:ro"
    --volume "$(cd "$(dirname "$TLS_KEY_FILE")" && pwd)/$(basename "$TLS_KEY_FILE"):/run/passerelle/tls/key.pem:ro"
    --env TLS_CERT_FILE=/run/passerelle/tls/cert.pem --env TLS_KEY_FILE=/run/passerelle/tls/key.pem)
  scheme=https
elif [ "${TLS:-}" = self-signed ]; then
  scheme=https
fi
args+=("$image")

echo "Starting ${image} as ${name} (GPUs: all, cache: ${cache_dir} → /models)…"
docker "${args[@]}" >/dev/null

probe_host="$bind_address"
[ "$probe_host" = "0.0.0.0" ] && probe_host=127.0.0.1
ready=no
for _ in $(seq 1 "$wait_seconds"); do
  # --insecure: a liveness probe only (a self-signed certificate is not in this host's trust store).
  if curl -fsS --insecure "${scheme}://${probe_host}:${host_port}/healthz" >/dev/null 2>&1; then ready=yes; break; fi
  sleep 1
done
if [ "$ready" = yes ]; then
  echo "Passerelle is up."
else
  echo "Passerelle is not answering yet: follow it with 'docker logs -f ${name}'."
fi

echo "Admin token: docker exec ${name} cat /models/.passerelle/admin-token (unless ADMIN_TOKEN is set)."
if [ "$scheme" = https ]; then
  echo "Certificate SHA-256 (compare it with what a console shows before trusting it): docker logs ${name} | grep certificateSha256"
fi
IFS=',' read -r -a hosts <<< "${ADVERTISED_HOSTS:-${probe_host}}"
for h in "${hosts[@]}"; do
  h="$(echo "$h" | tr -d '[:space:]')"
  [ -n "$h" ] && echo "Dashboard and API: ${scheme}://${h}:${host_port}/ (OpenAI base URL: ${scheme}://${h}:${host_port}/v1)"
done
