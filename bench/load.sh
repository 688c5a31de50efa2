#!/usr/bin/env bash
# The load generator against the Shop's own saturation on one lab: ab -c 64 (a connection per request, and -k
# keep-alive) and pilotlight load (64 in flight, a rate above saturation, with and without its ledger); for each,
# acknowledged POST /orders per second, p50/p99 latency and the client's CPU share of one core.
#   bench/load.sh [--seconds S] [--sync] [--rate R] [--base-port N] [--json]
set -euo pipefail
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../pilotlight" bench load "$@"
