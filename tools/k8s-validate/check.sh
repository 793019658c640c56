#!/usr/bin/env bash
# Schema check of deploy/k8s (run by test.sh). kubeconform needs its schemas from the network and `kubectl --dry-run=client`
# an API server, neither of which CI has; kubernetes-models (npm) carries the API's schemas. Installs node and npm with apt
# as root when missing, then the two packages (package-lock.json) into tools/k8s-validate/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  command -v node >/dev/null || { echo "k8s check: node is missing: install it with 'sudo apt-get install nodejs npm'." >&2; exit 1; }
fi
if [[ ! -d node_modules/kubernetes-models ]]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "k8s check: npm ci failed in tools/k8s-validate" >&2; exit 1; }
fi
node validate.mjs ../../deploy/k8s/*.yaml
