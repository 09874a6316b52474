#!/usr/bin/env bash
# PostgreSQL and Redis for the tests: start them if they are down (commands of DESIGN.md).
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL не отвечает, запускаю…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
bash "$(dirname "$0")/ensure-redis.sh"
