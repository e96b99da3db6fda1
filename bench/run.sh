#!/usr/bin/env bash
# IssueLedger benchmarks: one command builds what it needs, starts a FRESH local system per scenario (temporary data
# directory, non-default ports: it never touches your data or a running IssueLedger), runs the scenario, stops
# everything (also on failure or Ctrl-C), and at the end prints a table and writes bench/results/<run>.json.
#
#   bench/run.sh                 # every scenario
#   bench/run.sh queries         # some: queries, rebuild (bench/run.sh --list)
#
# Settings (environment):
#   BENCH_ISSUES (1000000)  BENCH_SANITY_ISSUES (300)  BENCH_SAMPLES (100)  BENCH_WARMUP (20)
#   BENCH_QUERY_CONCURRENCY (1)  BENCH_EVENTS (1000000)  BENCH_REBUILD_TIMEOUT (900 s)
#   BENCH_LIMIT_SECONDS (10)  BENCH_LIMIT_RECORDS (200000)
#   BENCH_IMPORT_EVENTS (1000000)  BENCH_IMPORT_SEED (42)  BENCH_IMPORT_TIMEOUT (3600 s)
#   BENCH_IMPORT_PROJECTION_TIMEOUT (1800 s: after the relay, for the query side to apply every event)
#   BENCH_BPI2013 (../shared/data/bpi2013/bpi_challenge_2013_incidents.xes.gz)
#   BENCH_PORT_BASE (20000: PostgreSQL +5433, Kafka +9092/+9093, command +8081, query +8082; all below the ephemeral ports)
#   BENCH_SERVICE_JAVA_OPTS (-Xmx512m)  BENCH_KEEP_DATA=1 (keep the temporary data directories)
#   BENCH_SKIP_BUILD=1 (use the jars already under */target)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BASE="${BENCH_PORT_BASE:-20000}"
export POSTGRES_PORT=$((BASE + 5433)) KAFKA_PORT=$((BASE + 9092)) KAFKA_CONTROLLER_PORT=$((BASE + 9093))
COMMAND_PORT=$((BASE + 8081)) QUERY_PORT=$((BASE + 8082))
# A port in the kernel's ephemeral range can be taken, between our check and the bind, by any outgoing connection
# (seen: a base of 32000 put Kafka's controller at 41093, and a client socket got it first).
if read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && (( BASE + 9093 >= EPHEMERAL_LOW )); then
  printf 'ERROR: BENCH_PORT_BASE %s puts ports up to %s into the ephemeral range (from %s); use a base below %s\n' \
    "$BASE" $((BASE + 9093)) "$EPHEMERAL_LOW" $((EPHEMERAL_LOW - 9093)) >&2
  exit 1
fi
SERVICE_JAVA_OPTS="${BENCH_SERVICE_JAVA_OPTS:--Xmx512m}"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$REPO_ROOT/bench/results/$RUN_ID"

say() { printf '[bench.sh %s] %s\n' "$(date -u +%T)" "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

newest() { ls -t $1 2>/dev/null | head -n 1 || true; }
jars() {
  INFRA_JAR="$(newest 'deploy/local/target/issueledger-local-*-exec.jar')"
  COMMAND_JAR="$(newest 'command-service/target/command-service-*-exec.jar')"
  QUERY_JAR="$(newest 'query-service/target/query-service-*-exec.jar')"
  BENCH_JAR="$(newest 'bench/target/issueledger-bench-*-exec.jar')"
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; fi

# --- build (package only: nothing is installed into ~/.m2) ------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  say "Building (mvn -Pbench -DskipTests package)..."
  modules=bench,deploy/local,command-service,query-service
  mvn -o -q -Pbench -DskipTests package -pl "$modules" -am 2>/dev/null \
    || mvn -q -Pbench -DskipTests package -pl "$modules" -am
fi
jars
for jar in "$INFRA_JAR" "$COMMAND_JAR" "$QUERY_JAR" "$BENCH_JAR"; do [[ -f "$jar" ]] || fail "missing jar: build first"; done

bench() { "$JAVA" -Xmx2g -jar "$BENCH_JAR" "$@"; }

if [[ "${1:-}" == "--list" ]]; then bench list; exit 0; fi
SCENARIOS=("$@")
if (( ${#SCENARIOS[@]} == 0 )); then mapfile -t SCENARIOS < <(bench list | cut -f1); fi

# --- one fresh system per scenario ------------------------------------------------------------------------------
LAUNCHER_PID="" COMMAND_PID="" QUERY_PID="" DATA_DIR=""
alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

stop_pid() {  # SIGTERM, 30 s grace, SIGKILL
  local pid="$1" waited=0
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && (( waited < 300 )); do sleep 0.1; waited=$((waited + 1)); done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_system() {
  [[ -n "$COMMAND_PID$QUERY_PID$LAUNCHER_PID" ]] && say "Stopping the system..."
  local stoppers=()
  stop_pid "$COMMAND_PID" & stoppers+=($!)
  stop_pid "$QUERY_PID" & stoppers+=($!)
  wait "${stoppers[@]}"
  COMMAND_PID="" QUERY_PID=""
  # deploy/local/run.sh stops Kafka and PostgreSQL itself on SIGTERM
  stop_pid "$LAUNCHER_PID"
  LAUNCHER_PID=""
  if [[ -n "$DATA_DIR" && "${BENCH_KEEP_DATA:-0}" != 1 ]]; then rm -rf "$DATA_DIR"; fi
  DATA_DIR=""
}
trap stop_system EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_taken() { (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null; }

wait_for() {  # wait_for NAME PID TEST...
  local name="$1" pid="$2" waited=0
  shift 2
  until "$@"; do
    alive "$pid" || { tail -n 30 "$DATA_DIR/logs/$name.log" 2>/dev/null || true; fail "$name exited during start-up"; }
    (( waited++ < 300 )) || fail "$name not ready after 300 s"
    sleep 1
  done
}
# Readiness, not the overall health: the latter includes the projection lag, so a query-service started on a
# pre-filled topic (the projection scenario) only reads UP once it has caught up, and the scenario would time nothing.
healthy() { curl -sf "http://localhost:$1/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; }

start_infra() {
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/issueledger-bench.XXXXXX")"
  for port in $POSTGRES_PORT $KAFKA_PORT $KAFKA_CONTROLLER_PORT $COMMAND_PORT $QUERY_PORT; do
    port_taken "$port" && fail "port $port is in use; set BENCH_PORT_BASE to another base"
  done
  say "Starting PostgreSQL and Kafka (data in $DATA_DIR)..."
  ISSUELEDGER_DATA_DIR="$DATA_DIR" INFRA_JAR="$INFRA_JAR" deploy/local/run.sh --infra-only >"$DATA_DIR/launcher.log" 2>&1 &
  LAUNCHER_PID=$!
  wait_for launcher "$LAUNCHER_PID" grep -qs 'IssueLedger is running' "$DATA_DIR/launcher.log"
}

start_services() {
  say "Starting command-service and query-service ($SERVICE_JAVA_OPTS)..."
  local env=(COMMAND_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_command"
             QUERY_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_query"
             DB_USER=postgres DB_PASSWORD=postgres KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT"
             AXONIQ_UPDATE_CHECKER_DISABLED=true
             ISSUELEDGER_API_KEYS="e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN")
  # shellcheck disable=SC2086
  env "${env[@]}" COMMAND_PORT="$COMMAND_PORT" "$JAVA" $SERVICE_JAVA_OPTS -jar "$COMMAND_JAR" \
    >"$DATA_DIR/logs/command-service.log" 2>&1 </dev/null &
  COMMAND_PID=$!
  # shellcheck disable=SC2086
  env "${env[@]}" QUERY_PORT="$QUERY_PORT" "$JAVA" $SERVICE_JAVA_OPTS -jar "$QUERY_JAR" \
    >"$DATA_DIR/logs/query-service.log" 2>&1 </dev/null &
  QUERY_PID=$!
  wait_for command-service "$COMMAND_PID" healthy "$COMMAND_PORT"
  wait_for query-service "$QUERY_PID" healthy "$QUERY_PORT"
}

export BENCH_COMMAND_URL="http://localhost:$COMMAND_PORT" BENCH_QUERY_URL="http://localhost:$QUERY_PORT"
export BENCH_QUERY_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/issueledger_query"
export BENCH_ADMIN_DB_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/postgres"
export BENCH_KAFKA="localhost:$KAFKA_PORT" BENCH_RESULTS_DIR="$RESULTS"
export BENCH_MIGRATIONS="$REPO_ROOT/query-service/src/main/resources/db/migration"
export BENCH_STORE_MIGRATIONS="$REPO_ROOT/command-service/src/main/resources/db/migration"
mkdir -p "$RESULTS"

failed=()
for scenario in "${SCENARIOS[@]}"; do
  say "=== scenario $scenario"
  # A subshell per scenario, with its own traps: whatever it started, it stops, however it ends.
  if ( set -e
       trap stop_system EXIT
       trap 'exit 130' INT
       trap 'exit 143' TERM
       start_infra
       # PostgreSQL alone for now: the limits measure its CPU.
       export BENCH_PROCESSES="postgres=@$DATA_DIR/postgres/postmaster.pid"
       bench prepare "$scenario"
       start_services
       infra_pid="$(cat "$DATA_DIR/run/infra.pid")"
       export BENCH_PROCESSES="command-service=$COMMAND_PID,query-service=$QUERY_PID,kafka+launcher=$infra_pid,postgres=@$DATA_DIR/postgres/postmaster.pid"
       bench measure "$scenario"
     ); then :; else
    status=$?
    (( status == 130 || status == 143 )) && exit "$status"
    failed+=("$scenario"); say "scenario $scenario failed"
  fi
done

bench report "$REPO_ROOT/bench/results/$RUN_ID.json"
(( ${#failed[@]} == 0 )) || fail "failed: ${failed[*]}"
