#!/usr/bin/env bash
# Create the virtual environment and install cmvt-core (editable) with the given extras.
#   scripts/install.sh VENV EXTRAS        e.g. scripts/install.sh .venv plots
# Uses uv (installed from PyPI into VENV/uv, nothing outside VENV), which sets up the environment
# in seconds where pip takes over half a minute; falls back to pip when uv cannot be had.
# The log of the last install is VENV/pip.log.
set -euo pipefail
VENV=${1:-.venv}
EXTRAS=${2:-plots}
PYTHON=${PYTHON:-python3}
LOG="$VENV/pip.log"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv --without-pip "$VENV"
fi
: > "$LOG"

UV="$VENV/uv/bin/uv"
if [ ! -x "$UV" ]; then
  "$PYTHON" -m pip install -q --disable-pip-version-check --target "$VENV/uv" "uv>=0.4" >>"$LOG" 2>&1 \
    || rm -rf "$VENV/uv"
fi
if [ -x "$UV" ] && "$UV" pip install --python "$VENV/bin/python" -e ".[$EXTRAS]" >>"$LOG" 2>&1; then
  exit 0
fi

echo "uv is not available here (see $LOG); installing with pip, which is slower" >&2
"$VENV/bin/python" -m pip --version >/dev/null 2>&1 || "$VENV/bin/python" -m ensurepip -q >>"$LOG" 2>&1
if ! "$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]" >>"$LOG" 2>&1; then
  cat "$LOG" >&2
  exit 1
fi
