#!/usr/bin/env bash
# Live drills under a write load on one lab (RTO and RPO per run, as their reports measured them), then isolated
# drills (time to serving p50/max).
#   bench/drill.sh [--runs N] [--isolated-runs M] [--rate R] [--fault switchover|kill|stop] [--sync] [--base-port N] [--json]
set -euo pipefail
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../pilotlight" bench drill "$@"
