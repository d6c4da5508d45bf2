#!/usr/bin/env bash
# Creates the parcel-tracker example workspace: three git repositories with a short, reproducible
# history (fixed author and dates) and a VS Code multi-root workspace file listing them.
#
# Usage: scripts/make-examples.sh [DIR]
# DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/gitops-workbench/examples. Re-running replaces
# DIR/tracker-config, DIR/tracker-ci, DIR/tracker-cd and DIR/tracker.code-workspace and leaves
# anything else in DIR alone. The origin remotes point at git.example.test, which is never contacted.
set -euo pipefail

source_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../examples" && pwd)"
target_root="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-workbench/examples}"
remote_base="https://git.example.test/parcel"

# Commit hashes depend only on the content, author and dates, not on the caller's git setup.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Robin Carter"
export GIT_AUTHOR_EMAIL="robin.carter@parcel.example.test"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME"
export GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

# commit_all REPO DAY MESSAGE: commits every change in REPO on 2025-03-DAY at 09:30 UTC.
commit_all() {
  local repo="$1" day="$2" message="$3"
  export GIT_AUTHOR_DATE="2025-03-${day}T09:30:00+0000"
  export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
  git -C "$repo" add -A
  git -C "$repo" commit --quiet -m "$message"
}

# start_repo NAME: creates an empty repository DIR/NAME with origin set to its example URL.
start_repo() {
  local repo="$target_root/$1"
  rm -rf "$repo"
  mkdir -p "$repo"
  git -C "$repo" init --quiet --initial-branch=main
  git -C "$repo" remote add origin "$remote_base/$1.git"
}

# set_tag FILE TAG: rewrites the single newTag entry of an overlay kustomization.
set_tag() {
  sed -i -E "s/^(    newTag: ).*/\1$2/" "$1"
}

make_config() {
  local repo="$target_root/tracker-config"
  start_repo tracker-config
  mkdir -p "$repo/apps"
  cp "$source_root/tracker-config/README.md" "$repo/"
  cp "$source_root/tracker-config/apps/root.yaml" "$source_root/tracker-config/apps/project.yaml" \
    "$repo/apps/"
  commit_all "$repo" 01 "Add the parcel project and the root Application"

  cp -R "$source_root/tracker-config/apps/environments" "$source_root/tracker-config/apps/tracker-ci.yaml" \
    "$repo/apps/"
  commit_all "$repo" 02 "Add Applications for CI and the three environments"

  cp -R "$source_root/tracker-config/." "$repo/"
  commit_all "$repo" 10 "Deploy production to the regional clusters"
}

make_ci() {
  local repo="$target_root/tracker-ci"
  start_repo tracker-ci
  cp -R "$source_root/tracker-ci/." "$repo/"
  rm -rf "$repo/pipelines/triggers"
  sed -i '/triggers\//d' "$repo/pipelines/kustomization.yaml"
  commit_all "$repo" 01 "Add the tracker-build pipeline and its tasks"

  cp -R "$source_root/tracker-ci/." "$repo/"
  commit_all "$repo" 02 "Start tracker-build on every push to main"
}

make_cd() {
  local repo="$target_root/tracker-cd"
  local env="$repo/env"
  start_repo tracker-cd
  cp -R "$source_root/tracker-cd/." "$repo/"
  set_tag "$env/01-dev/kustomization.yaml" 5c6d7e8-h2j9w
  set_tag "$env/02-qa/kustomization.yaml" 5c6d7e8-h2j9w
  commit_all "$repo" 03 "Add base and overlays for dev, qa and production"

  set_tag "$env/01-dev/kustomization.yaml" 0e4f6a2-b3n5t
  commit_all "$repo" 04 "Update dev image to 0e4f6a2-b3n5t"

  set_tag "$env/01-dev/kustomization.yaml" a1b2c3d-x7k2p
  commit_all "$repo" 05 "Update dev image to a1b2c3d-x7k2p"

  set_tag "$env/02-qa/kustomization.yaml" a1b2c3d-x7k2p
  commit_all "$repo" 06 "Promote a1b2c3d-x7k2p to qa"

  cp -R "$source_root/tracker-cd/." "$repo/"
  commit_all "$repo" 07 "Update dev image to 9f3e2d1-p4m8q"
}

write_workspace_file() {
  cat > "$target_root/tracker.code-workspace" <<'JSON'
{
  "folders": [
    { "path": "tracker-config" },
    { "path": "tracker-ci" },
    { "path": "tracker-cd" }
  ]
}
JSON
}

mkdir -p "$target_root"
make_config
make_ci
make_cd
write_workspace_file
echo "Example workspace written to $target_root/tracker.code-workspace"
