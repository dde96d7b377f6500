#!/usr/bin/env bash
# N Streamlit servers of the dashboard behind nginx with sticky sessions.
#
#   bash bench/serve_cluster.sh N [--data DIR] [--port 8080] [--first-port 8601] [--daemon] [--no-warmup]
#   bash bench/serve_cluster.sh stop
#
# Starts `streamlit run serve.py` (the README's command) on 127.0.0.1:8601 .. 8600+N, all reading the same extracts
# (--data, else $KANGABA_DATA, else data/), and nginx on 127.0.0.1:8080 (config generated from
# bench/nginx.conf.template into a temporary run directory). Installs Debian's nginx if missing.
# Without --daemon it stays in the foreground and Ctrl-C stops everything; with --daemon it
# returns once every server answers, and `serve_cluster.sh stop` stops them. Each server is warmed up
# before nginx sends it anyone (one view of the overview and the cases page: extracts opened, default
# figures cached), unless --no-warmup.
# Load test through it:  python -m bench.load --target http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
STATE=${XDG_RUNTIME_DIR:-/tmp}/kangaba-cluster.rundir

stop_run() {  # stop the processes recorded in a run directory (only those)
    local dir=$1
    [ -f "$dir/pids" ] || return 0
    while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$dir/pids"
    sleep 1
    while read -r pid; do kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true; done < "$dir/pids"
    rm -f "$dir/pids"
}

if [ "${1:-}" = "stop" ]; then
    [ -f "$STATE" ] || { echo "aucun cluster démarré avec --daemon"; exit 0; }
    stop_run "$(cat "$STATE")"; rm -f "$STATE"; echo "cluster arrêté"; exit 0
fi

N=${1:-}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash bench/serve_cluster.sh N [--data DIR] [--port 8080] [--first-port 8601] [--daemon] [--no-warmup] | stop" >&2; exit 2; }
shift
DATA=${KANGABA_DATA:-$REPO/data}; PORT=8080; FIRST=8601; DAEMON=0; WARM=1
while [ $# -gt 0 ]; do
    case $1 in
        --data) DATA=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        --first-port) FIRST=$2; shift 2 ;;
        --daemon) DAEMON=1; shift ;;
        --no-warmup) WARM=0; shift ;;
        *) echo "option inconnue : $1" >&2; exit 2 ;;
    esac
done
DATA=$(cd "$DATA" 2>/dev/null && pwd) || { echo "dossier de données introuvable : $DATA" >&2; exit 2; }

if ! command -v nginx >/dev/null 2>&1; then
    echo "installation de nginx (paquet Debian)…"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null 2>&1 || {
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

port_busy() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(('127.0.0.1', $1)) == 0 else 1)"; }
for p in $PORT $(seq "$FIRST" $((FIRST + N - 1))); do
    if port_busy "$p"; then echo "le port $p est déjà pris : choisissez --port / --first-port" >&2; exit 1; fi
done

RUN=$(mktemp -d "${TMPDIR:-/tmp}/kangaba-cluster.XXXXXX")
mkdir -p "$RUN/tmp"
: > "$RUN/pids"
cleanup() { stop_run "$RUN"; }
trap cleanup EXIT
trap "exit 130" INT TERM

# one secret for every server: a cookie signed by one (XSRF, sign-in) is valid on all
SECRET=$(python3 -c "import secrets; print(secrets.token_hex(32))")
UPSTREAMS=""
for i in $(seq 0 $((N - 1))); do
    P=$((FIRST + i))
    KANGABA_DATA="$DATA" STREAMLIT_SERVER_COOKIE_SECRET="$SECRET" \
        nohup python3 -m streamlit run serve.py --server.port "$P" --server.address 127.0.0.1 \
        --server.headless true --browser.gatherUsageStats false > "$RUN/streamlit-$P.log" 2>&1 &
    echo $! >> "$RUN/pids"
    UPSTREAMS+="        server 127.0.0.1:$P max_fails=1 fail_timeout=5s;"$'\n'
done
python3 - "$REPO/bench/nginx.conf.template" "$RUN/nginx.conf" "$RUN" "$PORT" "$UPSTREAMS" <<'PY'
import sys
src, dst, run, port, ups = sys.argv[1:]
text = open(src).read().replace("@@RUN_DIR@@", run).replace("@@PORT@@", port).replace("@@UPSTREAMS@@", ups.rstrip("\n"))
open(dst, "w").write(text)
PY

for i in $(seq 0 $((N - 1))); do
    P=$((FIRST + i)); t=0
    until curl -fsS "http://127.0.0.1:$P/_stcore/health" >/dev/null 2>&1; do
        sleep 0.5; t=$((t + 1))
        [ $t -lt 240 ] || { echo "le serveur du port $P ne répond pas : $RUN/streamlit-$P.log" >&2; exit 1; }
    done
done
if [ "$WARM" = 1 ]; then
    WPIDS=""
    for i in $(seq 0 $((N - 1))); do
        python3 -m bench.load --warm --target "http://127.0.0.1:$((FIRST + i))" & WPIDS+=" $!"
    done
    for w in $WPIDS; do wait "$w" || echo "préchauffage incomplet (voir les journaux dans $RUN)" >&2; done
fi
"$NGINX" -t -p "$RUN" -c "$RUN/nginx.conf" >/dev/null 2>&1 || { "$NGINX" -t -p "$RUN" -c "$RUN/nginx.conf"; exit 1; }
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" > "$RUN/nginx.out" 2>&1 &
echo $! >> "$RUN/pids"
t=0
until curl -fsS "http://127.0.0.1:$PORT/_stcore/health" >/dev/null 2>&1; do
    sleep 0.2; t=$((t + 1))
    [ $t -lt 100 ] || { echo "nginx ne répond pas : $RUN/nginx-error.log" >&2; exit 1; }
done

echo "$N serveurs Streamlit (ports $FIRST–$((FIRST + N - 1))) derrière nginx : http://127.0.0.1:$PORT"
echo "données : $DATA ; journaux et configuration : $RUN"
if [ "$DAEMON" = 1 ]; then
    echo "$RUN" > "$STATE"
    trap - EXIT
    echo "arrêt : bash bench/serve_cluster.sh stop"
    exit 0
fi
echo "Ctrl-C pour tout arrêter."
wait
