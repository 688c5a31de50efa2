#!/bin/sh
# Compute as systemd units, for the `command` compute provider of examples/self-hosted.yaml.
#   systemd-units.sh scale SITE COUNT   start orders@1..COUNT on the site's app host, stop the others
#   systemd-units.sh list SITE          print {"instances":[{"address":"host:port","ready":true|false}]}
#   systemd-units.sh version SITE       print {"version":"..."}: the release installed on the site's app host
# Each site's app host is app-SITE.example.internal, reached over ssh (BatchMode: never a password prompt);
# instance N listens on port 8080+N. Adapt the three variables below to your hosts and unit names.
set -eu
action=$1
site=$2
host="app-$site.example.internal"
unit=orders
max=4

remote() { ssh -o BatchMode=yes -o ConnectTimeout=5 "$host" "$@"; }

case $action in
  scale)
    count=$3
    i=1
    while [ "$i" -le "$max" ]; do
      if [ "$i" -le "$count" ]; then remote systemctl start "$unit@$i"; else remote systemctl stop "$unit@$i"; fi
      i=$((i + 1))
    done
    ;;
  list)
    printf '{"instances":['
    sep=
    i=1
    while [ "$i" -le "$max" ]; do
      if remote systemctl is-active --quiet "$unit@$i"; then
        ready=false
        if curl -fsS --max-time 2 "http://$host:$((8080 + i))/readyz" >/dev/null 2>&1; then ready=true; fi
        printf '%s{"address":"%s:%d","ready":%s}' "$sep" "$host" $((8080 + i)) "$ready"
        sep=,
      fi
      i=$((i + 1))
    done
    printf ']}\n'
    ;;
  version)
    version=$(remote cat "/srv/$unit/VERSION")
    printf '{"version":"%s"}\n' "$version"
    ;;
  *)
    echo "usage: $0 scale SITE COUNT | list SITE | version SITE" >&2
    exit 64
    ;;
esac
