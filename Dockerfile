# syntax=docker/dockerfile:1
# Passerelle gateway image (the guide's two stages): the dashboard and gateway are built with
# Node 20, then run on the CUDA 12.4 + cuDNN base with vLLM and ONNX Runtime's CUDA provider.
# NOTE: this image cannot be built or run on the project's CI machine (no Docker engine, no GPU);
# the scripts are checked with bash -n and shellcheck, and their docker calls with a fake docker.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04

FROM ${NODE_IMAGE} AS frontend
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
# Dependency install scripts stay off here (npm 11 default): nothing is fetched from outside npm.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
ARG VLLM_VERSION=0.11.0
# apt-utils first: without it debconf prints configuration errors (the guide's note).
RUN apt-get update \
 && apt-get install -y --no-install-recommends apt-utils \
 && apt-get install -y --no-install-recommends ca-certificates curl ffmpeg python3 python3-venv tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm

# vLLM in its own virtual environment; VLLM_COMMAND points at it.
RUN python3 -m venv /opt/vllm \
 && /opt/vllm/bin/pip install --no-cache-dir "vllm==${VLLM_VERSION}"

WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund \
 # ONNX Runtime's CUDA 12 execution provider, fetched once at build time (never at run time).
 && cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install
COPY --from=frontend /src/out/gateway /app/out/gateway
# `passerelle status|models|keys|doctor` inside the container (docker exec), as after npm install -g.
RUN chmod +x /app/out/gateway/passerelle.js && ln -s /app/out/gateway/passerelle.js /usr/local/bin/passerelle
COPY --from=frontend /src/out/renderer /app/frontend

ENV API_HOST=0.0.0.0 \
    API_PORT=8000 \
    MODEL_CACHE_DIR=/models \
    FRONTEND_DIST=/app/frontend \
    LAZY_LOAD_MODELS=true \
    LOG_LEVEL=info \
    VLLM_COMMAND=/opt/vllm/bin/vllm \
    NODE_ENV=production
VOLUME ["/models"]
EXPOSE 8000
STOPSIGNAL SIGTERM
# https when TLS is on (TLS=self-signed or TLS_CERT_FILE); --insecure: liveness only, the certificate may be self-signed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD scheme=http; if [ -n "${TLS_CERT_FILE:-}" ] || [ "${TLS:-}" = self-signed ]; then scheme=https; fi; curl -fsS --insecure "${scheme}://127.0.0.1:${API_PORT}/healthz" || exit 1
# tini reaps the model workers and vLLM if the gateway dies; the gateway also kills them itself.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "/app/out/gateway/cli.js"]
