#!/usr/bin/env bash
# Builds GitOps Workbench, installs it into a fresh code-server profile and serves the example
# workspace (or --workspace PATH) on 127.0.0.1 until Ctrl-C.
#
# Usage: scripts/start.sh [--workspace PATH] [--port N]
#   --workspace PATH  folder or .code-workspace file to open instead of the examples
#   --port N          TCP port on 127.0.0.1 (default: a free port)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/paths.sh
source "$repo_root/scripts/lib/paths.sh"

workspace=""
serve_options=()

while (($# > 0)); do
  case "$1" in
    --workspace)
      workspace="$(realpath "${2:?--workspace needs a folder or .code-workspace file}")"
      shift 2
      ;;
    --port)
      serve_options+=(--port "${2:?--port needs a port number}")
      shift 2
      ;;
    -h | --help)
      sed -n '2,8p' "$0"
      exit 0
      ;;
    *)
      echo "start: unknown argument $1 (see --help)" >&2
      exit 2
      ;;
  esac
done

# Creates the example repositories and prints the path to open: the .code-workspace file the
# generator writes, or the folder when it writes none.
make_examples() {
  local dir="$cache_root/examples"
  bash "$repo_root/scripts/make-examples.sh" "$dir" >&2

  local workspace_file
  workspace_file="$(find "$dir" -maxdepth 1 -name '*.code-workspace' | sort | head -1)"
  printf '%s\n' "${workspace_file:-$dir}"
}

bash "$repo_root/scripts/setup.sh"

cd "$repo_root"
echo "[start] packaging the extension"
npm run --silent package

if [[ -z "$workspace" ]]; then
  echo "[start] creating the example workspace in $cache_root/examples"
  workspace="$(make_examples)"
fi

# exec keeps Node in the foreground, so Ctrl-C reaches it and it stops code-server by PID.
exec node "$repo_root/scripts/code-server.mjs" serve "${serve_options[@]}" \
  --vsix "$repo_root/gitops-workbench.vsix" "$workspace"
