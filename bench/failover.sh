#!/usr/bin/env bash
# Measured failovers on one lab under write load, each followed by a measured failback: detection, decision, promotion, compute ready, traffic
# switched, client-observed outage, lost acknowledged writes; the failback's duration and its switchover's write-unavailable
# window; p50/min/max; and a 1 s SIGSTOP that must not fail over.
# Site a is lost at a random phase of the probe interval (seed printed; --seed N repeats it).
#   bench/failover.sh [--runs N] [--sync] [--fault kill|stop|partition] [--interval 200ms] [--base-port N] [--json]
set -euo pipefail
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../pilotlight" bench failover "$@"
