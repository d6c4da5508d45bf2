#!/usr/bin/env bash
# Runs a throwaway Kubernetes control plane (etcd + kube-apiserver, no controller-manager, no
# scheduler) on 127.0.0.1 for the cluster tests and benchmarks.
#
# Usage: scripts/control-plane.sh start|stop|status|build|stop-apiserver|start-apiserver [--dir DIR]
#
#   start   starts etcd and kube-apiserver on free loopback ports, waits for /readyz and writes
#           DIR/kubeconfig with two contexts: "admin" (system:masters, the current context) and
#           "unprivileged" (an authenticated user without any RBAC binding). The last line printed
#           is KUBECONFIG=<path>. Running start again while both processes respond is a no-op.
#   stop    stops both processes by the PIDs that start recorded.
#   status  prints whether the control plane in DIR is running; exit code 0 when it is.
#   build   builds kube-apiserver and etcd from the Go module proxy into the binary cache.
#   stop-apiserver, start-apiserver
#           stop kube-apiserver alone, or start it again on its old port with the same
#           certificates and tokens, so tests can see a server go away and come back.
#
# Binaries come from $KUBEBUILDER_ASSETS (a folder with kube-apiserver and etcd) when set, else
# from the cache ~/.cache/gitops-workbench/envtest/$K8S_VERSION, else start builds them there.
#
# Environment: GITOPS_CONTROL_PLANE_DIR (state folder, default /tmp/gitops-workbench-control-plane),
# K8S_VERSION (default v1.37.2), GITOPS_CONTROL_PLANE_TIMEOUT (seconds to wait for /readyz, default 120).
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-v1.37.2}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/gitops-workbench/envtest/$K8S_VERSION
STATE_DIR=${GITOPS_CONTROL_PLANE_DIR:-/tmp/gitops-workbench-control-plane}
READY_TIMEOUT=${GITOPS_CONTROL_PLANE_TIMEOUT:-120}

log() {
  echo "control-plane: $*" >&2
}

fail() {
  log "$*"
  exit 1
}

# Prints the folder that contains both binaries, or nothing when none does.
find_binaries() {
  local candidate
  for candidate in "${KUBEBUILDER_ASSETS:-}" "$CACHE_DIR"; do
    if [ -n "$candidate" ] && [ -x "$candidate/kube-apiserver" ] && [ -x "$candidate/etcd" ]; then
      echo "$candidate"
      return
    fi
  done
}

# Builds kube-apiserver and etcd inside throwaway Go modules. k8s.io/kubernetes requires its staging
# modules (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and resolves them with replace directives
# that only work inside its own repository, so the wrapper module replaces each one with the
# published v0.<minor>.<patch> release of the same code.
build_binaries() {
  command -v go >/dev/null || fail "go is not installed; install Go 1.26+ or set KUBEBUILDER_ASSETS"
  local work staging minor kube_mod modules go_version etcd_version module
  work=$(mktemp -d /tmp/gitops-workbench-build.XXXXXX)
  staging="v0.${K8S_VERSION#v1.}"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  mkdir -p "$CACHE_DIR" "$work/probe" "$work/apiserver" "$work/etcd"
  log "building kube-apiserver $K8S_VERSION and etcd in $work (a cold build takes 10-20 minutes)"

  (cd "$work/probe" && go mod init local/probe >/dev/null 2>&1)
  kube_mod=$(cd "$work/probe" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [ -f "$kube_mod" ] || fail "could not download the go.mod of k8s.io/kubernetes@$K8S_VERSION"
  modules=$(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" { print $1 }' "$kube_mod" | sort -u)
  go_version=$(awk '$1 == "go" { print $2; exit }' "$kube_mod")
  etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$kube_mod")

  cd "$work/apiserver"
  go mod init local/apiserver >/dev/null 2>&1
  go mod edit -go="$go_version" -require="k8s.io/kubernetes@$K8S_VERSION"
  grep '^godebug' "$kube_mod" >>go.mod || true
  for module in $modules; do
    go mod edit -replace="$module=$module@$staging"
  done
  printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' >tools.go
  go mod tidy
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w \
    -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X k8s.io/component-base/version.gitMinor=$minor \
    -X k8s.io/component-base/version.gitTreeState=clean" \
    -o "$CACHE_DIR/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver

  # `go install go.etcd.io/etcd/server/v3@X` is rejected because that go.mod has replace
  # directives; building the same main package as a dependency of a local module works.
  cd "$work/etcd"
  go mod init local/etcd >/dev/null 2>&1
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
  go get "go.etcd.io/etcd/server/v3@$etcd_version"
  go mod tidy
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$CACHE_DIR/etcd" go.etcd.io/etcd/server/v3

  rm -rf "$work"
  log "built $("$CACHE_DIR/kube-apiserver" --version) and etcd $etcd_version into $CACHE_DIR"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  node -e 'const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

is_alive() {
  local file=$1
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

api_ready() {
  local port token
  port=$(cat "$STATE_DIR/apiserver.port" 2>/dev/null) || return 1
  token=$(cut -d, -f1 <"$STATE_DIR/tokens.csv" | head -1)
  [ "$(curl -s --max-time 2 --cacert "$STATE_DIR/pki/ca.crt" \
    -H "Authorization: Bearer $token" "https://127.0.0.1:$port/readyz")" = ok ]
}

make_pki() {
  local pki=$STATE_DIR/pki
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=gitops-workbench-test-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'extendedKeyUsage=serverAuth' \
    'keyUsage=digitalSignature,keyEncipherment' >"$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -CAcreateserial -days 30 -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

  # Static tokens (token,user,uid,"groups"): system:masters bypasses RBAC, the second user has no
  # binding at all so tests can check how forbidden requests are reported.
  local admin_token user_token
  admin_token=$(openssl rand -hex 24)
  user_token=$(openssl rand -hex 24)
  printf '%s,admin,admin,"system:masters"\n%s,unprivileged,unprivileged,\n' \
    "$admin_token" "$user_token" >"$STATE_DIR/tokens.csv"
  chmod 600 "$STATE_DIR/tokens.csv"
}

start_etcd() {
  local client_port peer_port metrics_port
  client_port=$(free_port)
  peer_port=$(free_port)
  metrics_port=$(free_port)
  "$BIN_DIR/etcd" --name gitops-workbench --data-dir "$STATE_DIR/etcd" \
    --logger=zap --log-level=warn --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$client_port" \
    --advertise-client-urls "http://127.0.0.1:$client_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "gitops-workbench=http://127.0.0.1:$peer_port" \
    --listen-metrics-urls "http://127.0.0.1:$metrics_port" \
    >"$STATE_DIR/etcd.log" 2>&1 &
  echo $! >"$STATE_DIR/etcd.pid"
  echo "$client_port" >"$STATE_DIR/etcd.port"

  local attempt
  for attempt in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$client_port/health" | grep -q '"health":"true"'; then
      return
    fi
    is_alive "$STATE_DIR/etcd.pid" || break
    sleep 0.2
  done
  tail -20 "$STATE_DIR/etcd.log" >&2
  fail "etcd did not become healthy (log: $STATE_DIR/etcd.log)"
}

# Flags follow controller-runtime envtest's defaults, plus static-token auth with RBAC. The
# advertise address is loopback, so the endpoint reconciler is off: newer releases reject a
# loopback --advertise-address while it runs.
start_apiserver() {
  local port=${1:-} etcd_port
  if [ -z "$port" ]; then
    port=$(free_port)
  fi
  etcd_port=$(cat "$STATE_DIR/etcd.port")
  "$BIN_DIR/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$STATE_DIR/pki/apiserver.crt" \
    --tls-private-key-file="$STATE_DIR/pki/apiserver.key" \
    --cert-dir="$STATE_DIR/pki" \
    --client-ca-file="$STATE_DIR/pki/ca.crt" \
    --service-account-issuer="https://127.0.0.1:$port" \
    --service-account-key-file="$STATE_DIR/pki/sa.pub" \
    --service-account-signing-key-file="$STATE_DIR/pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --authorization-mode=RBAC --token-auth-file="$STATE_DIR/tokens.csv" \
    --disable-admission-plugins=ServiceAccount --allow-privileged=true \
    >"$STATE_DIR/kube-apiserver.log" 2>&1 &
  echo $! >"$STATE_DIR/kube-apiserver.pid"
  echo "$port" >"$STATE_DIR/apiserver.port"

  local deadline=$((SECONDS + READY_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    api_ready && return
    is_alive "$STATE_DIR/kube-apiserver.pid" || break
    sleep 0.25
  done
  tail -30 "$STATE_DIR/kube-apiserver.log" >&2
  fail "kube-apiserver did not report /readyz ok (log: $STATE_DIR/kube-apiserver.log)"
}

write_kubeconfig() {
  local port ca admin_token user_token file=$STATE_DIR/kubeconfig
  port=$(cat "$STATE_DIR/apiserver.port")
  ca=$(base64 -w0 <"$STATE_DIR/pki/ca.crt")
  admin_token=$(sed -n 1p "$STATE_DIR/tokens.csv" | cut -d, -f1)
  user_token=$(sed -n 2p "$STATE_DIR/tokens.csv" | cut -d, -f1)
  umask 077
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $ca
users:
- name: admin
  user:
    token: $admin_token
- name: unprivileged
  user:
    token: $user_token
contexts:
- name: admin
  context:
    cluster: test
    user: admin
- name: unprivileged
  context:
    cluster: test
    user: unprivileged
current-context: admin
EOF
}

stop_process() {
  local name=$1 file=$STATE_DIR/$1.pid pid attempt
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    for attempt in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not stop within 10 s; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

cmd_start() {
  if is_alive "$STATE_DIR/etcd.pid" && is_alive "$STATE_DIR/kube-apiserver.pid" && api_ready; then
    log "already running in $STATE_DIR"
    echo "KUBECONFIG=$STATE_DIR/kubeconfig"
    return
  fi
  cmd_stop

  BIN_DIR=$(find_binaries)
  if [ -z "$BIN_DIR" ]; then
    build_binaries
    BIN_DIR=$CACHE_DIR
  fi
  command -v openssl >/dev/null || fail "openssl is not installed"

  # Only this script's own files go, so --dir may point at a folder that contains other things.
  mkdir -p "$STATE_DIR"
  rm -rf "$STATE_DIR/pki" "$STATE_DIR/etcd" "$STATE_DIR/tokens.csv" "$STATE_DIR/kubeconfig" \
    "$STATE_DIR"/*.log "$STATE_DIR"/*.port
  make_pki
  start_etcd
  start_apiserver
  write_kubeconfig
  log "kube-apiserver $("$BIN_DIR/kube-apiserver" --version | cut -d' ' -f2) ready at" \
    "https://127.0.0.1:$(cat "$STATE_DIR/apiserver.port") (state: $STATE_DIR)"
  echo "KUBECONFIG=$STATE_DIR/kubeconfig"
}

cmd_stop() {
  stop_process kube-apiserver
  stop_process etcd
}

cmd_start_apiserver() {
  is_alive "$STATE_DIR/etcd.pid" || fail "etcd is not running in $STATE_DIR; run start first"
  if is_alive "$STATE_DIR/kube-apiserver.pid"; then
    return
  fi
  BIN_DIR=$(find_binaries)
  [ -n "$BIN_DIR" ] || fail "kube-apiserver binary not found; run build first"
  start_apiserver "$(cat "$STATE_DIR/apiserver.port")"
  log "kube-apiserver restarted on port $(cat "$STATE_DIR/apiserver.port")"
}

cmd_status() {
  if is_alive "$STATE_DIR/etcd.pid" && is_alive "$STATE_DIR/kube-apiserver.pid" && api_ready; then
    echo "running: https://127.0.0.1:$(cat "$STATE_DIR/apiserver.port") (KUBECONFIG=$STATE_DIR/kubeconfig)"
    return 0
  fi
  echo "not running (state: $STATE_DIR)"
  return 1
}

main() {
  local command=${1:-}
  shift || true
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) STATE_DIR=${2:?--dir needs a folder}; shift 2 ;;
      *) fail "unknown argument: $1" ;;
    esac
  done

  case $command in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    build) build_binaries ;;
    stop-apiserver) stop_process kube-apiserver ;;
    start-apiserver) cmd_start_apiserver ;;
    *)
      echo "Usage: $0 start|stop|status|build|stop-apiserver|start-apiserver [--dir DIR]" >&2
      exit 2
      ;;
  esac
}

main "$@"
