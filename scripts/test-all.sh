#!/usr/bin/env bash
# Runs every test stage of GitOps Workbench (what `npm test` and CI run). Each stage runs even
# when an earlier one failed. Each stage's output goes to test-results/logs/STAGE.log, and the
# script ends with a table of results, test counts and times. It exits 1 when any stage failed.
#
# Usage: scripts/test-all.sh [STAGE...]   (default: all stages, in the order below)
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/paths.sh
source "$repo_root/scripts/lib/paths.sh"

all_stages=(setup build typecheck unit cli cluster vscode package ui)
log_dir="$repo_root/test-results/logs"
summary_rows=()
total_passed=0
total_failed=0
any_failed=0

# Pure node --test stages get a time limit, so a hung test cannot use up the CI run. The
# browser stages bound their own waits. The cluster stage has no limit here, because its first
# kube-apiserver build alone may take 20 minutes.
node_test_timeout_seconds=900

stage_setup() {
  bash scripts/setup.sh
}

stage_build() {
  node scripts/build.mjs
}

# Removes compiled files in out/ whose TypeScript source is gone, so a deleted test does not
# keep running. Files are removed one by one, never the folder, because other runs may be
# reading out/ at the same time.
remove_stale_output() {
  local compiled source
  [[ -d out ]] || return 0

  while IFS= read -r compiled; do
    source="${compiled#out/}"
    source="${source%.js.map}"
    source="${source%.js}.ts"
    if [[ ! -f "$source" ]]; then
      rm -f "$compiled"
    fi
  done < <(find out -type f \( -name '*.js' -o -name '*.js.map' \))
}

# tsc type-checks and also compiles the tests to out/, which the later stages run. It still
# emits JavaScript when it finds type errors, so those stages run either way.
stage_typecheck() {
  remove_stale_output
  npx tsc -p tsconfig.test.json
}

# run_node_tests DIR: runs every *.test.js under DIR with node's test runner.
run_node_tests() {
  local files=()
  if [[ -d "$1" ]]; then
    mapfile -t files < <(find "$1" -name '*.test.js' | sort)
  fi

  if ((${#files[@]} == 0)); then
    echo "skipped: no *.test.js files under $1"
    return 0
  fi
  timeout --kill-after=30 "$node_test_timeout_seconds" node --test "${files[@]}"
}

stage_unit() {
  run_node_tests out/test/unit
}

stage_cli() {
  run_node_tests out/test/cli
}

stage_cluster() {
  if [[ ! -f scripts/test-cluster.sh ]]; then
    echo "skipped: scripts/test-cluster.sh not found"
    return 0
  fi
  bash scripts/test-cluster.sh
}

# The extension suite runs on a fresh copy of the example workspace, because its tests commit
# promotions and edit overlays there.
stage_vscode() {
  local scratch status
  scratch="$(mktemp -d -t gitops-workbench-vscode-XXXXXX)"
  bash scripts/make-examples.sh "$scratch/examples" >/dev/null
  node test/vscode/runCodeServer.mjs --workspace "$scratch/examples/tracker.code-workspace"
  status=$?

  # A second, smaller suite runs on the real myapp repositories when the shared data has them.
  bash scripts/real-world.sh "$scratch/myapp" >/dev/null
  if [[ -f "$scratch/myapp/myapp.code-workspace" ]]; then
    node test/vscode/runCodeServer.mjs --workspace "$scratch/myapp/myapp.code-workspace" \
      --tests out/test/vscode/realworld/index.js || status=1
  else
    echo "skipped: the myapp repositories are not in the shared data (set GITOPS_SHARED)"
  fi
  rm -rf "$scratch"
  return "$status"
}

stage_package() {
  npm run --silent package
}

stage_ui() {
  local files=(test/ui/*.test.mjs)
  node --test "${files[@]}"
}

# count_tests LOG: prints "PASSED FAILED" from the last closing line of node's test runner
# (`# pass N`, `# fail N`), else the sum of "N passed, N failed" lines; prints nothing without one.
count_tests() {
  local passed failed line
  passed="$(grep -E '^(# |ℹ )pass [0-9]+' "$1" | tail -1 | grep -oE '[0-9]+$')"
  failed="$(grep -E '^(# |ℹ )fail [0-9]+' "$1" | tail -1 | grep -oE '[0-9]+$')"

  # A stage may run several suites that each end with "N passed, N failed": add them up.
  if [[ -z "$passed" ]]; then
    read -r passed failed < <(grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" |
      awk '{ p += $1; f += $3; n++ } END { if (n) print p, f }')
  fi
  if [[ -n "$passed" ]]; then
    echo "$passed ${failed:-0}"
  fi
}

run_stage() {
  local name="$1"
  local log="$log_dir/$name.log"
  local started rc seconds result counts tests
  local passed="" failed=""
  started="$(date +%s.%N)"

  printf '\n===== %s =====\n' "$name"
  (cd "$repo_root" && "stage_$name") 2>&1 </dev/null | tee "$log"
  rc="${PIPESTATUS[0]}"
  seconds="$(awk -v start="$started" -v end="$(date +%s.%N)" 'BEGIN { printf "%.1f", end - start }')"

  counts="$(count_tests "$log")"
  tests="-"
  if [[ -n "$counts" ]]; then
    read -r passed failed <<<"$counts"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    tests="$passed passed, $failed failed"
  fi

  result="ok"
  if grep -q '^skipped: ' "$log" && ((rc == 0)); then
    result="skipped"
  elif ((rc != 0)); then
    result="FAILED ($rc)"
    any_failed=1
    # A stage that failed without reporting a failed test still counts as one failure.
    if [[ -z "$counts" || "$failed" == 0 ]]; then
      total_failed=$((total_failed + 1))
    fi
  fi
  summary_rows+=("$(printf '%-10s %-12s %-26s %8s s' "$name" "$result" "$tests" "$seconds")")
}

print_summary() {
  printf '\n===== summary =====\n'
  printf '%-10s %-12s %-26s %10s\n' stage result tests time
  printf '%s\n' "${summary_rows[@]}"
  printf 'logs: %s\n' "$log_dir"
  printf 'tests: %d passed, %d failed\n' "$total_passed" "$total_failed"
}

main() {
  local stages=("$@")
  if ((${#stages[@]} == 0)); then
    stages=("${all_stages[@]}")
  fi

  for name in "${stages[@]}"; do
    if ! declare -F "stage_$name" >/dev/null; then
      echo "test-all: unknown stage $name; stages: ${all_stages[*]}" >&2
      exit 2
    fi
  done

  mkdir -p "$log_dir"
  for name in "${stages[@]}"; do
    run_stage "$name"
  done

  print_summary | tee "$repo_root/test-results/summary.txt"
  exit "$any_failed"
}

main "$@"
