#!/usr/bin/env bash
# Installs (if needed) and starts the engine, base image and registry the integration suite uses.
# Prints the pids it started so the caller can stop exactly those.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/install.sh"
bash "$here/engine.sh" start
bash "$here/base-image.sh"
bash "$here/registry.sh" start
