#!/usr/bin/env bash
# Stops what up.sh started, by pid.
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/registry.sh" stop || true
bash "$here/engine.sh" stop || true
