#!/usr/bin/env bash
# Prepares a Debian machine to build and test GitOps Workbench. Safe to run again: each step
# checks first and does nothing when its result is already in place.
#
#   1. apt packages: chromium (UI and extension tests), libkrb5-dev (code-server's native
#      build), ripgrep (VS Code search), git.
#   2. node_modules, from package-lock.json, when package.json or the lock file changed.
#   3. code-server (the real VS Code server and web workbench, from npm) in a cache folder
#      outside the checkout, so a fresh clone reuses it.
#
# Environment: XDG_CACHE_HOME (default ~/.cache) sets where code-server goes.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/paths.sh
source "$repo_root/scripts/lib/paths.sh"

apt_packages=(chromium libkrb5-dev ripgrep git)

log() {
  printf '[setup] %s\n' "$*"
}

is_installed() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]]
}

install_apt_packages() {
  local missing=()
  for package in "${apt_packages[@]}"; do
    if ! is_installed "$package"; then
      missing+=("$package")
    fi
  done

  if ((${#missing[@]} == 0)); then
    log "apt packages present: ${apt_packages[*]}"
    return
  fi

  local sudo=()
  if (($(id -u) != 0)); then
    sudo=(sudo)
  fi

  log "installing apt packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

# A digest of what decides node_modules: the lock file and the dependency fields of
# package.json (edits to scripts or contributions do not count). It is stored inside
# node_modules after a successful install, so a change triggers a new install.
dependency_digest() {
  local fields='["dependencies","devDependencies","optionalDependencies","overrides"]'
  local script="const p = require('./package.json');
    console.log(JSON.stringify(${fields}.map((key) => p[key] ?? null)));"

  {
    (cd "$repo_root" && node -e "$script")
    cat "$repo_root/package-lock.json" 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
}

install_node_modules() {
  local stamp="$repo_root/node_modules/.gitops-workbench-deps"
  local digest
  digest="$(dependency_digest)"

  if [[ -f "$stamp" && "$(cat "$stamp")" == "$digest" ]]; then
    log "node_modules up to date"
    return
  fi

  cd "$repo_root"
  if [[ -f package-lock.json ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  else
    log "npm install (no package-lock.json)"
    npm install --no-audit --no-fund
  fi
  printf '%s\n' "$digest" >"$stamp"
}

# @vscode/ripgrep (a dependency of VS Code inside code-server) downloads rg from GitHub in its
# postinstall unless its cache folder under $TMPDIR already contains the expected tarball. Seed
# it with Debian's /usr/bin/rg so the install needs no network beyond the npm registry.
seed_ripgrep_cache() {
  local temp_dir="$1"
  local cache="$temp_dir/vscode-ripgrep-cache-1.15.11"
  local staging="$temp_dir/rg-staging"

  mkdir -p "$cache" "$staging"
  cp /usr/bin/rg "$staging/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
}

# VS Code's own modules are installed by code-server's postinstall script. npm 11.19 warns
# that such scripts are "not yet covered by allowScripts" and still runs them, but a stricter
# npm may skip them, so check the result and run the script directly when it did not run.
ensure_code_server_postinstall() {
  local package_dir="$1/node_modules/code-server"

  if [[ -d "$package_dir/lib/vscode/node_modules" ]]; then
    return
  fi

  log "code-server postinstall did not run; running it now"
  (cd "$package_dir" && npm run postinstall)

  if [[ ! -d "$package_dir/lib/vscode/node_modules" ]]; then
    log "code-server postinstall failed: $package_dir/lib/vscode/node_modules is missing"
    exit 1
  fi
}

install_code_server() {
  if [[ -x "$code_server_bin" && -d "$code_server_dir/node_modules/code-server/lib/vscode/node_modules" ]]; then
    log "code-server $code_server_version present in $code_server_dir"
    return
  fi

  local partial="$code_server_dir.partial"
  local temp_dir="$partial/tmp"
  rm -rf "$partial"
  mkdir -p "$temp_dir"
  seed_ripgrep_cache "$temp_dir"

  log "installing code-server $code_server_version into $code_server_dir (about 1-2 minutes)"
  (
    cd "$partial"
    printf '{"name":"code-server-cache","private":true}\n' >package.json
    # node-pty's install script runs `npx node-gyp`, which would wait for a prompt.
    TMPDIR="$temp_dir" npm_config_yes=true \
      npm install "code-server@$code_server_version" --unsafe-perm --no-audit --no-fund \
      --no-package-lock --loglevel=warn
  )
  TMPDIR="$temp_dir" npm_config_yes=true ensure_code_server_postinstall "$partial"

  rm -rf "$temp_dir" "$code_server_dir"
  mv "$partial" "$code_server_dir"
  log "code-server $code_server_version installed in $code_server_dir"
}

# timed STEP: runs a step function and logs how long it took.
timed() {
  local started=$SECONDS
  "$1"
  log "$1 took $((SECONDS - started)) s"
}

timed install_apt_packages
timed install_node_modules
timed install_code_server
