#!/usr/bin/env bash
# Measured failovers on fresh labs under write load: detection, decision, promotion, compute ready, traffic
# switched, client-observed outage, lost acknowledged writes; p50/max; and a 1 s SIGSTOP that must not fail over.
#   bench/failover.sh [--runs N] [--sync]
set -euo pipefail
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../pilotlight" bench failover "$@"
