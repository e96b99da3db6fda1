#!/usr/bin/env bash
# Runs IssueLedger on this machine with nothing but a JDK 17+ and Maven: PostgreSQL and a Kafka broker
# (the deploy/local launcher), then command-service and query-service. Ctrl-C stops everything.
#
#   deploy/local/run.sh               # from anywhere; builds first if a jar is missing
#   deploy/local/run.sh --infra-only  # PostgreSQL + Kafka only, e.g. to run the services from an IDE
#
# Data (databases, Kafka topics) lives in $ISSUELEDGER_DATA_DIR (default ~/.issueledger/data) and survives
# restarts; delete that directory for a clean slate. Everything below can be overridden from the environment:
#   ISSUELEDGER_DATA_DIR  POSTGRES_PORT (5433)  KAFKA_PORT (9092)  KAFKA_CONTROLLER_PORT (9093)
#   COMMAND_PORT (8081)  QUERY_PORT (8082)  ISSUELEDGER_REBUILD=1 (always build first)
#   JAVA_OPTS (all JVMs)  INFRA_JAVA_OPTS (default -Xmx512m)  COMMAND_JAVA_OPTS  QUERY_JAVA_OPTS
#   ISSUELEDGER_START_TIMEOUT (seconds per component, 180)  ISSUELEDGER_STOP_GRACE (seconds, 30)
#   INFRA_JAR  COMMAND_JAR  QUERY_JAR (use these jars instead of the ones under */target)
#   ISSUELEDGER_API_KEYS (key:ROLE[:name],…; without it one key per role is made on the first start and kept
#   in $ISSUELEDGER_DATA_DIR/api-keys)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

INFRA_ONLY=false
case "${1:-}" in
  "") ;;
  --infra-only) INFRA_ONLY=true ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "Unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

DATA_DIR="${ISSUELEDGER_DATA_DIR:-$HOME/.issueledger/data}"
POSTGRES_PORT="${POSTGRES_PORT:-5433}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
COMMAND_PORT="${COMMAND_PORT:-8081}"
QUERY_PORT="${QUERY_PORT:-8082}"
START_TIMEOUT="${ISSUELEDGER_START_TIMEOUT:-180}"
STOP_GRACE="${ISSUELEDGER_STOP_GRACE:-30}"
JAVA_OPTS="${JAVA_OPTS:-}"
INFRA_JAVA_OPTS="${INFRA_JAVA_OPTS:--Xmx512m}"
COMMAND_JAVA_OPTS="${COMMAND_JAVA_OPTS:-}"
QUERY_JAVA_OPTS="${QUERY_JAVA_OPTS:-}"
# The launcher's PostgreSQL trusts local connections: the superuser needs no real password.
DB_USER=postgres
DB_PASSWORD=postgres
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
LOG_DIR="$DATA_DIR/logs"
PID_DIR="$DATA_DIR/run"
mkdir -p "$LOG_DIR" "$PID_DIR"

say() { printf '%s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# --- what to run ------------------------------------------------------------------------------------------

# The newest file matching a glob, or nothing. File names here are ours: no spaces.
# shellcheck disable=SC2012,SC2086  # $1 unquoted on purpose: it is a glob
newest() { ls -t $1 2>/dev/null | head -n 1 || true; }

INFRA_JAR_OVERRIDE="${INFRA_JAR:-}" COMMAND_JAR_OVERRIDE="${COMMAND_JAR:-}" QUERY_JAR_OVERRIDE="${QUERY_JAR:-}"
find_jars() {
  INFRA_JAR="${INFRA_JAR_OVERRIDE:-$(newest 'deploy/local/target/issueledger-local-*-exec.jar')}"
  COMMAND_JAR="${COMMAND_JAR_OVERRIDE:-$(newest 'command-service/target/command-service-*-exec.jar')}"
  QUERY_JAR="${QUERY_JAR_OVERRIDE:-$(newest 'query-service/target/query-service-*-exec.jar')}"
}

jars_present() {
  [[ -f "$INFRA_JAR" ]] || return 1
  $INFRA_ONLY || { [[ -f "$COMMAND_JAR" ]] && [[ -f "$QUERY_JAR" ]]; }
}

command -v "$JAVA" >/dev/null 2>&1 || fail "Java not found: install a JDK 17+ (or set JAVA_HOME)."
JAVA_MAJOR="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
[[ "${JAVA_MAJOR:-0}" -ge 17 ]] || fail "Java 17 or newer is needed; $JAVA is version ${JAVA_MAJOR:-unknown}."

find_jars
if [[ "${ISSUELEDGER_REBUILD:-0}" == 1 ]] || ! jars_present; then
  command -v mvn >/dev/null 2>&1 || fail "Maven (mvn) not found: it is needed to build IssueLedger once."
  say "Building IssueLedger (mvn -q -DskipTests install); the first build downloads dependencies and takes a few minutes..."
  mvn -q -DskipTests install
  find_jars
  jars_present || fail "Build finished but the exec jars are missing (looked for $INFRA_JAR, $COMMAND_JAR, $QUERY_JAR)."
fi

# --- refuse to start twice --------------------------------------------------------------------------------

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# A pid file of an earlier run counts only while its pid is still a java or bash process (pids get reused).
running_before=()
for pid_file in "$PID_DIR"/*.pid; do
  [[ -f "$pid_file" ]] || continue
  old_pid="$(cat "$pid_file" 2>/dev/null || true)"
  if alive "$old_pid" && [[ "$(ps -p "$old_pid" -o comm= 2>/dev/null || echo java)" =~ java|bash ]]; then
    running_before+=("$old_pid")
  fi
done
if (( ${#running_before[@]} > 0 )); then
  fail "IssueLedger already runs on $DATA_DIR. Stop it first: Ctrl-C in its terminal, or kill ${running_before[*]}"
fi
rm -f "$PID_DIR"/*.pid

port_taken() { (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null; }

ports_to_check=("$POSTGRES_PORT:POSTGRES_PORT" "$KAFKA_PORT:KAFKA_PORT" "$KAFKA_CONTROLLER_PORT:KAFKA_CONTROLLER_PORT")
$INFRA_ONLY || ports_to_check+=("$COMMAND_PORT:COMMAND_PORT" "$QUERY_PORT:QUERY_PORT")
for entry in "${ports_to_check[@]}"; do
  port_taken "${entry%%:*}" && fail "Port ${entry%%:*} is already in use; stop what uses it or set ${entry#*:} to another port."
done

# --- stopping ---------------------------------------------------------------------------------------------

INFRA_PID="" COMMAND_PID="" QUERY_PID="" INFRA_READY=false

# SIGTERM, up to STOP_GRACE seconds to exit, then SIGKILL. Takes several pids so services stop side by side.
stop_pids() {
  local pid waited=0 any
  for pid in "$@"; do
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  while :; do
    any=false
    for pid in "$@"; do alive "$pid" && any=true; done
    $any || break
    if (( waited >= STOP_GRACE * 10 )); then
      for pid in "$@"; do
        alive "$pid" && { say "pid $pid did not stop within ${STOP_GRACE}s: killing it"; kill -KILL "$pid" 2>/dev/null || true; }
      done
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  for pid in "$@"; do [[ -n "$pid" ]] && { wait "$pid" 2>/dev/null || true; }; done
}

# Last guard: the launcher stops PostgreSQL itself, but if it was killed its server may still run.
stop_leftover_postgres() {
  local pid_file="$DATA_DIR/postgres/postmaster.pid" pid name waited=0
  [[ -f "$pid_file" ]] || return 0
  pid="$(head -n 1 "$pid_file" 2>/dev/null | tr -d '[:space:]' || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 0
  name="$(ps -p "$pid" -o comm= 2>/dev/null || cat "/proc/$pid/comm" 2>/dev/null || true)"
  [[ "$name" == *postgres* ]] || return 0
  say "Stopping PostgreSQL left running (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true  # fast shutdown
  # The postmaster removes its pid file as the last step of shutting down.
  while [[ -f "$pid_file" ]] && alive "$pid" && (( waited < STOP_GRACE * 10 )); do sleep 0.1; waited=$((waited + 1)); done
  if [[ -f "$pid_file" ]] && alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
}

STOPPING=false
cleanup() {
  $STOPPING && return 0
  STOPPING=true
  trap '' INT TERM  # a second Ctrl-C must not cut the shutdown short
  if [[ -n "$COMMAND_PID$QUERY_PID" ]]; then
    say "Stopping services..."
    stop_pids $COMMAND_PID $QUERY_PID
  fi
  if [[ -n "$INFRA_PID" ]]; then
    say "Stopping Kafka and PostgreSQL..."
    stop_pids "$INFRA_PID"
  fi
  # Only once our launcher owned the data directory: before that, a server listed there is somebody else's.
  $INFRA_READY && stop_leftover_postgres
  rm -f "$PID_DIR"/*.pid
  say "IssueLedger stopped. Data kept in $DATA_DIR"
}

# --- starting ---------------------------------------------------------------------------------------------

# From here on, whatever happens (error, Ctrl-C, SIGTERM, a part dying), stop what was started.
echo "$$" > "$PID_DIR/run.sh.pid"
trap cleanup EXIT
trap 'exit 130' INT   # exit runs the EXIT trap, i.e. cleanup
trap 'exit 143' TERM

log_tail() { say "--- last lines of $1:"; tail -n "${2:-40}" "$1" 2>/dev/null || true; say "---"; }

# Starts a java process in the background, logging to $LOG_DIR/<name>.log (the previous run's log kept as .1).
# Remaining arguments are VAR=value pairs for its environment, then "--", then the java arguments.
start_java() {
  local name="$1" log="$LOG_DIR/$1.log" pid
  shift
  [[ -f "$log" ]] && mv -f "$log" "$log.1"
  local vars=()
  while [[ "$1" != "--" ]]; do vars+=("$1"); shift; done
  shift
  # shellcheck disable=SC2086  # the *_JAVA_OPTS are word lists on purpose
  env ${vars[@]+"${vars[@]}"} "$JAVA" "$@" >"$log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_DIR/$name.pid"
  STARTED_PID="$pid"
}

say "Starting PostgreSQL and Kafka (data in $DATA_DIR)..."
# shellcheck disable=SC2086
start_java infra ISSUELEDGER_DATA_DIR="$DATA_DIR" POSTGRES_PORT="$POSTGRES_PORT" KAFKA_PORT="$KAFKA_PORT" \
  KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" -- $JAVA_OPTS $INFRA_JAVA_OPTS -jar "$INFRA_JAR"
INFRA_PID="$STARTED_PID"

waited=0
until grep -q '^ISSUELEDGER_INFRA_READY$' "$LOG_DIR/infra.log" 2>/dev/null; do
  if ! alive "$INFRA_PID"; then
    log_tail "$LOG_DIR/infra.log"
    fail "PostgreSQL/Kafka launcher exited during start-up (log: $LOG_DIR/infra.log)."
  fi
  if (( waited >= START_TIMEOUT )); then
    log_tail "$LOG_DIR/infra.log"
    fail "PostgreSQL/Kafka not ready after ${START_TIMEOUT}s (log: $LOG_DIR/infra.log)."
  fi
  sleep 1
  waited=$((waited + 1))
done
INFRA_READY=true

# GET http://localhost:<port><path> with curl, or with bash's /dev/tcp where curl is missing; prints the response.
http_get() {
  local port="$1" path="$2" line=""
  if command -v curl >/dev/null 2>&1; then
    curl -sS -i --max-time 5 "http://localhost:$port$path" 2>/dev/null
    return
  fi
  (
    exec 3<>"/dev/tcp/localhost/$port" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    # "|| [[ -n $line ]]": the body usually ends without a newline.
    while IFS= read -r -t 5 line <&3 || [[ -n "$line" ]]; do printf '%s\n' "$line"; done
  ) 2>/dev/null
}

# Actuator answers 200 with {"status":"UP",...} when healthy and 503 otherwise.
health_up() {
  local response status_line
  response="$(http_get "$1" /actuator/health)" || return 1
  status_line="${response%%$'\n'*}"
  [[ "$status_line" == HTTP/*" 200"* && "$response" == *'"status":"UP"'* ]]
}

wait_until_healthy() {
  local name="$1" port="$2" pid="$3" waited=0
  until health_up "$port"; do
    if ! alive "$pid"; then
      log_tail "$LOG_DIR/$name.log"
      fail "$name exited during start-up (log: $LOG_DIR/$name.log)."
    fi
    if (( waited >= START_TIMEOUT )); then
      log_tail "$LOG_DIR/$name.log"
      fail "$name not healthy at http://localhost:$port/actuator/health after ${START_TIMEOUT}s (log: $LOG_DIR/$name.log)."
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# API keys: ISSUELEDGER_API_KEYS if set; otherwise the launcher made one key per role on the first start and
# keeps them in $DATA_DIR/api-keys (mode 600, ROLE=key lines).
KEY_FILE="$DATA_DIR/api-keys"
if [[ -n "${ISSUELEDGER_API_KEYS:-}" ]]; then
  API_KEYS="$ISSUELEDGER_API_KEYS"
else
  [[ -f "$KEY_FILE" ]] || fail "The launcher did not make $KEY_FILE (log: $LOG_DIR/infra.log)."
  API_KEYS=""
  while IFS='=' read -r role key; do
    [[ "$role" =~ ^(INTEGRATOR|ANALYST|AUDITOR|ADMIN)$ && -n "$key" ]] || continue
    API_KEYS="${API_KEYS:+$API_KEYS,}$key:$role:local-${role,,}"
  done < "$KEY_FILE"
fi

if ! $INFRA_ONLY; then
  say "Starting command-service and query-service..."
  service_env=(
    COMMAND_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_command"
    QUERY_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_query"
    DB_USER="$DB_USER"
    DB_PASSWORD="$DB_PASSWORD"
    KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT"
    AXONIQ_UPDATE_CHECKER_DISABLED=true
    ISSUELEDGER_API_KEYS="$API_KEYS"
  )
  # shellcheck disable=SC2086
  start_java command-service "${service_env[@]}" COMMAND_PORT="$COMMAND_PORT" -- $JAVA_OPTS $COMMAND_JAVA_OPTS -jar "$COMMAND_JAR"
  COMMAND_PID="$STARTED_PID"
  # shellcheck disable=SC2086
  start_java query-service "${service_env[@]}" QUERY_PORT="$QUERY_PORT" -- $JAVA_OPTS $QUERY_JAVA_OPTS -jar "$QUERY_JAR"
  QUERY_PID="$STARTED_PID"

  wait_until_healthy command-service "$COMMAND_PORT" "$COMMAND_PID"
  wait_until_healthy query-service "$QUERY_PORT" "$QUERY_PID"
fi

# --- running ----------------------------------------------------------------------------------------------

say ""
say "IssueLedger is running."
if ! $INFRA_ONLY; then
  say "  Command API     http://localhost:$COMMAND_PORT/"
  say "  Query API       http://localhost:$QUERY_PORT/"
  say "  Health          http://localhost:$COMMAND_PORT/actuator/health  http://localhost:$QUERY_PORT/actuator/health"
fi
say "  PostgreSQL      jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_command and .../issueledger_query (user $DB_USER, password $DB_PASSWORD)"
say "  Kafka           localhost:$KAFKA_PORT"
say "  Data            $DATA_DIR"
say "  Logs            $LOG_DIR"
if [[ -z "${ISSUELEDGER_API_KEYS:-}" ]]; then
  say "  API keys        $KEY_FILE (send one as the X-API-Key header):"
  sed -n 's/^\(INTEGRATOR\|ANALYST\|AUDITOR\|ADMIN\)=/                  \1  /p' "$KEY_FILE"
  say "  Dashboard       http://localhost:$QUERY_PORT/#key=$(sed -n 's/^ANALYST=//p' "$KEY_FILE")"
fi
say "Press Ctrl-C to stop everything."

# Wake up every second (a backgrounded sleep, so that Ctrl-C is handled at once) and stop everything if any
# part died on its own.
while :; do
  for part in "infra:$INFRA_PID" "command-service:$COMMAND_PID" "query-service:$QUERY_PID"; do
    pid="${part#*:}"
    if [[ -n "$pid" ]] && ! alive "$pid"; then
      log_tail "$LOG_DIR/${part%%:*}.log" 20
      fail "${part%%:*} stopped unexpectedly (log: $LOG_DIR/${part%%:*}.log); stopping the rest."
    fi
  done
  sleep 1 &
  wait $! || true
done
