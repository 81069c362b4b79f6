#!/usr/bin/env bash
# Several app instances behind nginx, all on one PostgreSQL: what README 部署 describes, and what the
# cluster tests (tests/e2e/test_cluster_e2e.py) and benchmarks/load_cluster.py run.
#
#   bash scripts/start-cluster.sh [start] [N]   # N instances (default 2); prints the balancer's URL on stdout
#   bash scripts/start-cluster.sh status        # each instance's /_stcore/health, nginx, the database
#   bash scripts/start-cluster.sh kill K        # fault drill: kill -9 instance K (1..N)
#   bash scripts/start-cluster.sh instance K    # (re)start instance K; nginx takes it back within 3 s
#   bash scripts/start-cluster.sh stop          # stop nginx, every instance, and the PostgreSQL it started
#   bash scripts/start-cluster.sh config N      # print the nginx.conf it would use for N instances
#
# Settings (environment):
#   WORKBOOK_CLUSTER_PORT   nginx's port (default 8500); instance K listens on 127.0.0.1:PORT+K
#   WORKBOOK_CLUSTER_LISTEN what nginx listens on (default 127.0.0.1:PORT; a real server: 80 or 443 ssl)
#   WORKBOOK_CLUSTER_DIR    pid files, logs, rendered nginx.conf (default /tmp/workbook-cluster-PORT)
#   WORKBOOK_DB_URL         the shared database; unset: scripts/start-postgres.sh starts one
#                           (on WORKBOOK_PG_PORT, default PORT+100) and `stop` stops it again
#   STREAMLIT_SERVER_COOKIE_SECRET  one secret for every instance; unset: a random one, kept in the dir
#   WORKBOOK_SECRET                 the app's own secret (draft codes, signed results), shared the same way
#   NGINX_WORKERS           nginx worker processes (default auto)
#   WORKBOOK_CLUSTER_PIN    1 (default): pin instance K to core K-1 with taskset; 0: let the kernel move them
#   PYTHON                  the interpreter with requirements.txt installed (default .venv/bin/python)
# Any other STREAMLIT_* variable set at start (e.g. STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL) reaches
# every instance, also one restarted later with `instance K`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PORT="${WORKBOOK_CLUSTER_PORT:-8500}"
RUN="${WORKBOOK_CLUSTER_DIR:-/tmp/workbook-cluster-$PORT}"
HEALTH_WAIT_S=60

log() { echo "start-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# A pid file's process, only if it is still the program we started (pids get reused).
live_pid() {  # file pattern
  local pid
  [ -s "$1" ] || return 1
  pid="$(cat "$1")"
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" && echo "$pid"
}

stop_pid() {  # file pattern
  local pid n
  if pid="$(live_pid "$1" "$2")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for n in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

healthy() { curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$1/_stcore/health" 2>/dev/null; }

instance_port() { echo $((PORT + $1)); }

start_instance() {  # K
  local k="$1" port pid n
  port="$(instance_port "$k")"
  if live_pid "$RUN/instance-$k.pid" serve.py >/dev/null; then
    log "instance $k already runs on 127.0.0.1:$port"
    return 0
  fi
  in_use "$port" && die "端口 $port 已被别的程序占用；换一个 WORKBOOK_CLUSTER_PORT"
  # shellcheck disable=SC1091
  source "$RUN/env"
  # setsid: the instance outlives this script and no terminal signal reaches it; `stop` ends it by pid.
  local pin=()
  if [ "${WORKBOOK_CLUSTER_PIN:-1}" = 1 ] && command -v taskset >/dev/null; then
    # Instance K on core K-1 (round robin past the last core): each instance is one GIL-bound process, and
    # two of them left to migrate between the same cores stalled each other (benchmarks/README.md).
    pin=(taskset -c "$(((k - 1) % $(nproc)))")
  fi
  setsid "${pin[@]}" "$PYTHON" scripts/serve.py run app.py --server.port "$port" --server.address 127.0.0.1 \
    >>"$RUN/instance-$k.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$RUN/instance-$k.pid"
  for n in $(seq $((HEALTH_WAIT_S * 5))); do
    healthy "$port" && { log "instance $k up on 127.0.0.1:$port (pid $pid)"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$RUN/instance-$k.log" >&2 || true
  die "instance $k did not answer /_stcore/health within $HEALTH_WAIT_S s (log: $RUN/instance-$k.log)"
}

render_nginx() {  # N
  local n="$1" k j routes="" all="" pools="" conf
  for k in $(seq "$n"); do
    routes+="        127.0.0.1:$(instance_port "$k") workbook_$k;"$'\n'
    all+="        server 127.0.0.1:$(instance_port "$k") max_fails=1 fail_timeout=3s;"$'\n'
    pools+="    upstream workbook_$k {"$'\n'
    pools+="        server 127.0.0.1:$(instance_port "$k") max_fails=1 fail_timeout=3s;"$'\n'
    for j in $(seq "$n"); do
      [ "$j" = "$k" ] || pools+="        server 127.0.0.1:$(instance_port "$j") backup;"$'\n'
    done
    pools+="        keepalive 16;"$'\n'"    }"$'\n'
  done
  conf="$(<deploy/nginx.conf.template)"
  conf="${conf//@@WORKERS@@/${NGINX_WORKERS:-auto}}"
  conf="${conf//@@RUN@@/$RUN}"
  conf="${conf//@@LISTEN@@/${WORKBOOK_CLUSTER_LISTEN:-127.0.0.1:$PORT}}"
  conf="${conf//@@ROUTES@@/${routes%$'\n'}}"
  conf="${conf//@@ALL@@/${all%$'\n'}}"
  conf="${conf//@@POOLS@@/${pools%$'\n'}}"
  printf '%s\n' "$conf"
}

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

start() {
  local n="${1:-${WORKBOOK_INSTANCES:-2}}" k secret db_url python
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "实例数应为 1–99 的整数，收到：$n"
  [ -x "$(nginx_bin)" ] || die "找不到 nginx，请先 apt-get install nginx"
  command -v curl >/dev/null || die "找不到 curl，请先 apt-get install curl"
  if live_pid "$RUN/nginx.pid" nginx >/dev/null; then
    die "集群已在运行（$RUN）；先 bash scripts/start-cluster.sh stop"
  fi
  in_use "$PORT" && die "端口 $PORT 已被别的程序占用；换一个 WORKBOOK_CLUSTER_PORT"
  trap 'log "启动失败，停掉已启动的部分"; stop' EXIT  # a half-started cluster leaves nothing running
  mkdir -p "$RUN/nginx-tmp"
  python="${PYTHON:-}"
  [ -n "$python" ] || { [ -x .venv/bin/python ] && python="$ROOT/.venv/bin/python" || python=python3; }
  db_url="${WORKBOOK_DB_URL:-}"
  if [ -z "$db_url" ]; then
    local pg_port="${WORKBOOK_PG_PORT:-$((PORT + 100))}"
    db_url="$(WORKBOOK_PG_PORT="$pg_port" bash scripts/start-postgres.sh | tail -n 1)"
    echo "$pg_port" >"$RUN/postgres.port"  # ours: `stop` stops it
  fi
  secret="${STREAMLIT_SERVER_COOKIE_SECRET:-}"
  [ -n "$secret" ] || secret="$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
  app_secret="${WORKBOOK_SECRET:-}"  # draft codes and result signatures: every instance must share it
  [ -n "$app_secret" ] || app_secret="$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
  (
    umask 077
    {
      printf 'export PYTHON=%q\n' "$python"
      printf 'export WORKBOOK_DB_URL=%q\n' "$db_url"
      printf 'export STREAMLIT_SERVER_COOKIE_SECRET=%q\n' "$secret"
      printf 'export WORKBOOK_SECRET=%q\n' "$app_secret"
      env | grep -E '^STREAMLIT_[A-Z0-9_]+=' | grep -v '^STREAMLIT_SERVER_COOKIE_SECRET=' \
        | while IFS='=' read -r name value; do printf 'export %s=%q\n' "$name" "$value"; done || true
    } >"$RUN/env"
  )
  echo "$n" >"$RUN/instances"
  for k in $(seq "$n"); do start_instance "$k"; done
  render_nginx "$n" >"$RUN/nginx.conf"
  "$(nginx_bin)" -t -q -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" \
    || die "nginx 配置无效：$RUN/nginx.conf"
  "$(nginx_bin)" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"
  for k in $(seq 50); do
    healthy "$PORT" && break
    sleep 0.1
  done
  healthy "$PORT" || die "nginx 没有在 $PORT 端口应答（$RUN/nginx-error.log）"
  trap - EXIT
  log "nginx on ${WORKBOOK_CLUSTER_LISTEN:-127.0.0.1:$PORT} → $n instances; logs in $RUN"
  echo "http://127.0.0.1:$PORT"
}

stop() {
  local f pg_port
  [ -d "$RUN" ] || return 0
  stop_pid "$RUN/nginx.pid" nginx
  for f in "$RUN"/instance-*.pid; do
    [ -e "$f" ] && stop_pid "$f" serve.py
  done
  if [ -s "$RUN/postgres.port" ]; then
    pg_port="$(cat "$RUN/postgres.port")"
    WORKBOOK_PG_PORT="$pg_port" bash scripts/start-postgres.sh stop
    rm -f "$RUN/postgres.port"
  fi
  log "stopped everything in $RUN (logs kept)"
}

status() {
  local n k state=0
  [ -s "$RUN/instances" ] || { log "no cluster in $RUN"; return 1; }
  n="$(cat "$RUN/instances")"
  for k in $(seq "$n"); do
    if healthy "$(instance_port "$k")"; then echo "instance $k 127.0.0.1:$(instance_port "$k") ok"
    else echo "instance $k 127.0.0.1:$(instance_port "$k") DOWN"; state=1; fi
  done
  if healthy "$PORT"; then echo "nginx 127.0.0.1:$PORT ok"; else echo "nginx 127.0.0.1:$PORT DOWN"; state=1; fi
  return "$state"
}

instance_arg() {
  [[ "${1:-}" =~ ^[1-9][0-9]?$ ]] && [ -s "$RUN/instances" ] && [ "$1" -le "$(cat "$RUN/instances")" ] \
    || die "没有这个实例：${1:-（未给出）}"
}

case "${1:-start}" in
  start) start "${2:-}" ;;
  [1-9]*) start "$1" ;;
  stop) stop ;;
  status) status ;;
  kill)
    instance_arg "${2:-}"
    pid="$(live_pid "$RUN/instance-$2.pid" serve.py)" && kill -KILL "$pid" && log "killed instance $2 (pid $pid)"
    ;;
  instance) instance_arg "${2:-}"; start_instance "$2" ;;
  config)
    [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || die "用法：start-cluster.sh config N"
    render_nginx "$2"
    ;;
  *) die "用法：start-cluster.sh [start] [N] | status | kill K | instance K | stop | config N" ;;
esac
