#!/usr/bin/env bash
# Imports an event log (XES or CSV, plain or .gz) into the running command-service through its command path.
#
#   deploy/local/import.sh <file> [--mapping <mapping.yml | built-in name>] [--format xes|csv]
#
# Without --mapping a .xes/.xes.gz file uses the built-in mapping 'bpi2013' (BPI Challenge 2013).
# The file is uploaded once (not one request per event); the import runs in the service, and this script
# prints its progress every 2 s and the final report. Ctrl-C cancels the import (what is stored stays).
# Re-running the same import appends nothing, and completes one that was cancelled or interrupted.
# COMMAND_URL (default http://localhost:${COMMAND_PORT:-8081}) says where the command-service is.
# ISSUELEDGER_API_KEY is the key sent (role INTEGRATOR); without it, the local run's INTEGRATOR key from
# ${ISSUELEDGER_DATA_DIR:-~/.issueledger/data}/api-keys.
set -euo pipefail

usage() { echo "usage: $0 <file> [--mapping <mapping.yml | built-in name>] [--format xes|csv]" >&2; exit 2; }

[ $# -ge 1 ] || usage
FILE=$1; shift
MAPPING=""; FORMAT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mapping) [ $# -ge 2 ] || usage; MAPPING=$2; shift 2 ;;
    --format)  [ $# -ge 2 ] || usage; FORMAT=$2; shift 2 ;;
    *) usage ;;
  esac
done
[ -f "$FILE" ] || { echo "No such file: $FILE" >&2; exit 2; }
URL=${COMMAND_URL:-http://localhost:${COMMAND_PORT:-8081}}
KEY=${ISSUELEDGER_API_KEY:-}
if [ -z "$KEY" ]; then
  KEY_FILE="${ISSUELEDGER_DATA_DIR:-$HOME/.issueledger/data}/api-keys"
  [ -r "$KEY_FILE" ] && KEY=$(sed -n 's/^INTEGRATOR=//p' "$KEY_FILE" | head -1)
  [ -n "$KEY" ] || { echo "No API key: set ISSUELEDGER_API_KEY (role INTEGRATOR), or run deploy/local/run.sh once" >&2; exit 2; }
fi

QUERY=""
FORM=(-F "file=@${FILE}")
if [ -z "$MAPPING" ]; then
  case "$FILE" in
    *.xes|*.xes.gz) QUERY="mapping=bpi2013" ;;
    *) echo "Say how the file maps onto issues: --mapping <mapping.yml>" >&2; exit 2 ;;
  esac
elif [ -f "$MAPPING" ]; then
  FORM+=(-F "mappingFile=@${MAPPING}")
else
  QUERY="mapping=${MAPPING}"
fi
[ -n "$FORMAT" ] && QUERY="${QUERY:+$QUERY&}format=${FORMAT}"

json_field() { # the value of a top-level string or number field; enough for the service's own answers
  sed -n "s/.*\"$1\":\(\"\([^\"]*\)\"\|\([^,}]*\)\).*/\2\3/p" | head -1
}

HEADERS=$(mktemp); BODY=$(mktemp)
trap 'rm -f "$HEADERS" "$BODY"' EXIT
STATUS=$(curl -sS -o "$BODY" -D "$HEADERS" -w '%{http_code}' -H "X-API-Key: $KEY" "${FORM[@]}" "$URL/api/admin/imports${QUERY:+?$QUERY}")
if [ "$STATUS" != "202" ]; then
  echo "Import refused ($STATUS):" >&2; cat "$BODY" >&2; echo >&2; exit 1
fi
LOCATION=$(tr -d '\r' < "$HEADERS" | sed -n 's/^[Ll]ocation: *//p')
echo "Import started: $URL$LOCATION (Ctrl-C cancels it)"
# Ctrl-C (or a TERM) stops the import in the service, not just this script: what is stored stays, and running the
# same import again goes on from there.
cancel() {
  trap - INT TERM
  # The cancellation first: Ctrl-C also ends a `| tee` this output goes to, and writing to it would then end us.
  trap '' PIPE
  curl -sS -X DELETE -H "X-API-Key: $KEY" "$URL$LOCATION" > "$BODY" || true
  { echo; echo "Cancelled: $(json_field summary < "$BODY")"; } 2>/dev/null || true
  echo "What was imported stays; run the same import again to complete it." >&2
  exit 130
}
trap cancel INT TERM
while true; do
  curl -sS -H "X-API-Key: $KEY" "$URL$LOCATION" > "$BODY"
  STATE=$(json_field state < "$BODY")
  echo "  $(json_field summary < "$BODY")"
  [ "$STATE" = "RUNNING" ] || break
  sleep 2
done
echo "Report:"; cat "$BODY"; echo
[ "$STATE" != "CANCELLED" ] || { echo "Import cancelled by $(json_field cancelledBy < "$BODY")" >&2; exit 1; }
[ "$STATE" = "COMPLETED" ] || { echo "Import failed: $(json_field error < "$BODY")" >&2; exit 1; }
