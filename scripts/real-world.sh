#!/usr/bin/env bash
# Clones the three real myapp repositories (configuration, CI, CD) from their git bundles in the
# shared test data into DIR and writes DIR/myapp.code-workspace listing them.
#
# Usage: scripts/real-world.sh DIR
# Each origin is set to the repoURL that the Argo CD Applications in myapp-config/argocd name,
# so Applications match workspace folders by remote URL. Existing clones are kept, so running
# it again is cheap. Exits 0 with a message when the bundles are absent.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/paths.sh
source "$repo_root/scripts/lib/paths.sh"

target="${1:?usage: scripts/real-world.sh DIR}"
bundle_dir="$GITOPS_SHARED/real-world"

declare -A origins=(
  [myapp-config]="https://git.example.com/example/myApp-config.git"
  [myapp-ci]="https://git.example.com/example/myApp-ci.git"
  [myapp-cd]="https://git.example.com/example/myApp-cd.git"
)
names=(myapp-config myapp-ci myapp-cd)

for name in "${names[@]}"; do
  if [[ ! -f "$bundle_dir/$name.bundle" ]]; then
    echo "real-world: skipped, $bundle_dir/$name.bundle not found (set GITOPS_SHARED)"
    exit 0
  fi
done

mkdir -p "$target"
target="$(cd "$target" && pwd)"

for name in "${names[@]}"; do
  clone="$target/$name"
  if [[ -d "$clone/.git" ]]; then
    echo "real-world: $clone exists, kept"
  else
    git clone --quiet --branch main "$bundle_dir/$name.bundle" "$clone"
    echo "real-world: cloned $name into $clone"
  fi
  git -C "$clone" remote set-url origin "${origins[$name]}"
done

cat >"$target/myapp.code-workspace" <<JSON
{
  "folders": [
    { "path": "myapp-config" },
    { "path": "myapp-ci" },
    { "path": "myapp-cd" }
  ]
}
JSON
echo "real-world: wrote $target/myapp.code-workspace"
