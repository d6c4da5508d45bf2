#!/usr/bin/env bash
# Runs the cluster tests (test/cluster/*.test.ts) against a throwaway control plane: starts etcd
# and kube-apiserver with scripts/control-plane.sh, runs the tests with KUBECONFIG set, and stops
# the control plane on exit. With CI=true a control plane that fails to start fails the run;
# elsewhere the script prints what is missing and exits 0 without running the tests.
#
# Usage: scripts/test-cluster.sh [node --test arguments, e.g. a single out/test/cluster/*.test.js]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR=${GITOPS_CONTROL_PLANE_DIR:-$(mktemp -d /tmp/gitops-workbench-cluster-test.XXXXXX)}
export GITOPS_CONTROL_PLANE_DIR=$STATE_DIR

cleanup() {
  "$ROOT/scripts/control-plane.sh" stop --dir "$STATE_DIR" || true
}
trap cleanup EXIT

cd "$ROOT"
npx tsc -p tsconfig.test.json

if ! output=$("$ROOT/scripts/control-plane.sh" start --dir "$STATE_DIR"); then
  if [ "${CI:-}" = true ]; then
    echo "test-cluster: the control plane failed to start (logs in $STATE_DIR)" >&2
    exit 1
  fi
  echo "test-cluster: skipped, because no control plane could start. Build one with" \
    "scripts/control-plane.sh build, or set KUBEBUILDER_ASSETS to a folder with kube-apiserver and etcd." >&2
  exit 0
fi
export "${output##*$'\n'}"

if [ $# -eq 0 ]; then
  set -- out/test/cluster/*.test.js
fi
# One file at a time: the restart test stops the shared API server.
node --test --test-concurrency=1 --test-reporter=spec "$@"
