#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine, idempotently:
# Debian packages, the .venv with its Python packages, and the editable build.
# Each step is skipped when its inputs have not changed, so a second run takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
BUILD_DIR=build/dev
PYTHON=${PYTHON:-python3}
STAMPS=$VENV/.skipjack-stamps

log() { printf '[bootstrap] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "need root to run: $*"
    log "run this script as root, or install sudo, or install the packages yourself"
    exit 1
  fi
}

install_debian_packages() {
  local missing=()
  while read -r pkg; do
    [ -z "$pkg" ] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done < <(grep -v '^#' requirements/apt.txt)
  # Debian's python3 ships venv without ensurepip unless python3-venv is installed.
  if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then missing+=(python3-venv); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Runs "$@" only when the hash of the given inputs differs from the last successful run.
# The hash is stored as it is after the run, since a step may create some of its inputs.
run_if_changed() {
  local name=$1 inputs=$2; shift 2
  local hash; hash=$(eval "$inputs" | sha256sum | cut -d' ' -f1)
  if [ -f "$STAMPS/$name" ] && [ "$(cat "$STAMPS/$name")" = "$hash" ]; then return 0; fi
  "$@"
  mkdir -p "$STAMPS" && eval "$inputs" | sha256sum | cut -d' ' -f1 > "$STAMPS/$name"
}

create_venv() {
  # A .venv without pip was left half-made by an interrupted run: start it over.
  if [ -d "$VENV" ] && [ ! -x "$VENV/bin/pip" ]; then
    log "recreating the incomplete $VENV"
    rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
}

install_python_packages() {
  log "installing Python packages into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r requirements/dev.txt
}

install_editable() {
  log "building and installing skipjack (editable, build dir $BUILD_DIR)"
  # Importing skipjack rebuilds only the module (build.targets); `make` builds the rest.
  "$VENV/bin/python" -m pip install -q --no-build-isolation --no-deps \
    -Cbuild-dir="$BUILD_DIR" -Ceditable.rebuild=true -Ceditable.verbose=false \
    -Cbuild.targets=_core -Ccmake.define.BUILD_TESTING=ON -Ccmake.build-type=Release -e .
}

install_debian_packages
create_venv
run_if_changed requirements "cat requirements/dev.txt scripts/bootstrap.sh" install_python_packages
# Python sources are served from the tree; a reinstall is needed only when the package
# metadata or the set of files changes.
run_if_changed editable \
  "cat pyproject.toml scripts/bootstrap.sh; find python/skipjack -name '*.py' | sort; ls $BUILD_DIR/build.ninja 2>/dev/null || true" \
  install_editable
