#!/usr/bin/env bash
# Starts Redis, the action server, the Rasa server and the gateway; stops them all on Ctrl-C.
# Called by `make run` after install and training. Logs go to var/log/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
RASA=.venv/bin/rasa
mkdir -p var/log var/redis

# Demo mode: the storefront's demo login signs the demo shop's accounts. A real shop sets KEFU_DEMO=0.
demo=${KEFU_DEMO:-1}
# Every address and path from kefu/settings.py (each KEFU_* variable set here overrides it).
eval "$($PY -m kefu.settings)"
# Secrets: from the environment, else generated once into var/ (mode 0600) and kept over restarts.
secret() {  # secret FILE: prints the secret kept in FILE, generating it first
  if [ ! -s "$1" ]; then (umask 077; $PY -c 'import secrets; print(secrets.token_urlsafe(32))' > "$1"); fi
  chmod 600 "$1"
  cat "$1"
}
KEFU_RASA_TOKEN=${KEFU_RASA_TOKEN:-$(secret var/rasa_token)}         # Rasa's API and the gateway channel
KEFU_ACTION_TOKEN=${KEFU_ACTION_TOKEN:-$(secret var/action_token)}     # Rasa -> action server
KEFU_REDIS_PASSWORD=${KEFU_REDIS_PASSWORD:-$(secret var/redis_password)}
# The HMAC secret the shop's site signs logged-in accounts with (kefu/identity.py).
KEFU_IDENTITY_SECRET=${KEFU_IDENTITY_SECRET:-$(secret var/identity_secret)}
KEFU_DEMO=$demo
export KEFU_RASA_TOKEN KEFU_ACTION_TOKEN KEFU_REDIS_PASSWORD KEFU_IDENTITY_SECRET KEFU_DEMO
export REDISCLI_AUTH=$KEFU_REDIS_PASSWORD  # redis-cli reads it there, never from -a
# The password reaches Redis in a 0600 config file, not on its command line.
(umask 077; printf 'requirepass "%s"\n' "$KEFU_REDIS_PASSWORD" > var/redis.conf)

pids=()
stop() {
  echo; echo "Stopping kefu…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
fail() { echo "kefu: $1 (see var/log/$2.log)" >&2; tail -n 20 "var/log/$2.log" >&2 || true; exit 1; }

# Shop data first: a broken YAML file stops start-up with file and line.
$PY -m kefu.shop
$PY scripts/create_demo_agents.py "$KEFU_AGENTS_FILE" | tee var/log/agents.txt

# Private Redis with append-only persistence in var/redis.
# A full Redis refuses writes (noeviction) instead of dropping live hand-off state; /api/health
# turns red then. KEFU_REDIS_MAXMEMORY overrides the size.
redis-server var/redis.conf --port "$KEFU_REDIS_PORT" --bind 127.0.0.1 --dir "$PWD/var/redis" \
  --appendonly yes --save "" --daemonize no \
  --maxmemory "${KEFU_REDIS_MAXMEMORY:-512mb}" --maxmemory-policy noeviction > var/log/redis.log 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$KEFU_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$KEFU_REDIS_PORT" ping >/dev/null 2>&1 || fail "Redis did not start" redis

# Both launchers read their tokens from the environment and listen on loopback only.
$PY -m actions.server --port "$KEFU_ACTION_PORT" > var/log/actions.log 2>&1 &
pids+=($!)
# One Rasa server per core by default (KEFU_RASA_SERVERS), on consecutive ports; the gateway
# sends each conversation to one of them (kefu/ring.py). Each holds the model: about 1.5 GB.
rasa_servers=$($PY -c 'from kefu.settings import Settings; print(Settings.from_env().rasa_server_count)')
export KEFU_RASA_SERVERS=$rasa_servers  # the gateway's ring counts the same servers
for i in $(seq 0 $((rasa_servers - 1))); do
  $PY -m kefu_rasa.server --port $((KEFU_RASA_PORT + i)) --model models/kefu.tar.gz > "var/log/rasa-$i.log" 2>&1 &
  pids+=($!)
done
$PY -m bot > var/log/gateway.log 2>&1 &
pids+=($!)

echo "Starting the action server, $rasa_servers Rasa server(s) (loading the model takes about a minute) and the gateway…"
$PY scripts/wait_for_http.py "http://127.0.0.1:${KEFU_ACTION_PORT}/health" 120 || fail "the action server did not start" actions
for i in $(seq 0 $((rasa_servers - 1))); do
  KEFU_WAIT_TOKEN_ENV=KEFU_RASA_TOKEN $PY scripts/wait_for_http.py "http://127.0.0.1:$((KEFU_RASA_PORT + i))/status" 300 \
    model_id || fail "Rasa server $i did not start" "rasa-$i"
done
$PY scripts/wait_for_http.py "http://127.0.0.1:${KEFU_WEB_PORT}/" 60 || fail "the gateway did not start" gateway

cat <<TXT

kefu is running (ready in $(( $(date +%s) - started )) s):
  Storefront (shopper chat):  http://127.0.0.1:${KEFU_WEB_PORT}/
  Agent console:              http://127.0.0.1:${KEFU_WEB_PORT}/agent
  $(cat var/log/agents.txt)
  Rasa servers:               $rasa_servers from http://127.0.0.1:${KEFU_RASA_PORT}  (token in var/rasa_token)
  Action server:              http://127.0.0.1:${KEFU_ACTION_PORT}
  Redis:                      127.0.0.1:${KEFU_REDIS_PORT} (append-only file in var/redis)
Demo order numbers per parcel state are listed in the README. Logs: var/log/. Press Ctrl-C to stop.
TXT
wait -n "${pids[@]}" || true
echo "A kefu process stopped unexpectedly; see var/log/." >&2
