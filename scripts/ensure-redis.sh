#!/usr/bin/env bash
# The Redis tests start their own redis-server on a free port; this makes sure the binary exists.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's redis-server for the Redis tests" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # The package may start a system-wide server; the tests never use it.
  (service redis-server stop >/dev/null 2>&1 || true)
else
  echo "redis-server is missing: install it (apt-get install redis-server) to run the Redis tests" >&2
  exit 1
fi
