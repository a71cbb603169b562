#!/usr/bin/env bash
# One-time setup for the eventtop peer benchmark (Debian 12 / bookworm, as root).
# Installs goaccess, jq, simdjson, g++, GNU time; creates a venv with orjson;
# compiles the simdjson peer. Safe to re-run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v goaccess >/dev/null || ! command -v jq >/dev/null || ! command -v g++ >/dev/null \
   || [ ! -e /usr/include/simdjson.h ] || [ ! -x /usr/bin/time ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y goaccess jq libsimdjson-dev g++ time
fi

if [ ! -x "$HERE/venv/bin/python" ]; then
  python3 -m venv "$HERE/venv"
fi
"$HERE/venv/bin/python" -c 'import orjson' 2>/dev/null || "$HERE/venv/bin/pip" install -q orjson

g++ -O3 -march=native -std=c++20 -pthread "$HERE/simdjson_aggregates.cpp" \
    -o "$HERE/simdjson_aggregates" -lsimdjson

echo "setup done:"
goaccess --version | head -1
jq --version
"$HERE/venv/bin/python" -c 'import sys, orjson; print("python", sys.version.split()[0], "orjson", orjson.__version__)'
echo "simdjson $(dpkg-query -W -f='${Version}' libsimdjson-dev)"
g++ --version | head -1
