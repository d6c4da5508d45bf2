# Shared locations for the set-up, start and test scripts. Source it after setting repo_root.

code_server_version="4.100.3"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/gitops-workbench"
code_server_dir="$cache_root/code-server-$code_server_version"
code_server_bin="$code_server_dir/node_modules/.bin/code-server"

# Shared test data (real repositories, cases, CRDs) lives beside the checkout by default.
GITOPS_SHARED="${GITOPS_SHARED:-$(cd "$repo_root/.." && pwd)/shared}"
export GITOPS_SHARED
