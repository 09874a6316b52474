#!/usr/bin/env bash
# Redis at REDIS_URL (default 127.0.0.1:6379): start a local one if it is down and we can.
set -euo pipefail
url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
ping() { .venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$url" 2>/dev/null; }
ping && exit 0
if ! command -v redis-server >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Redis не установлен, устанавливаю redis-server…"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null
fi
if command -v redis-server >/dev/null; then
  echo "Redis не отвечает, запускаю локальный…"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 20); do ping && exit 0; sleep 0.5; done
fi
echo "Redis недоступен по адресу $url. Установите его: sudo apt-get install redis-server" >&2
echo "или укажите адрес работающего сервера в переменной REDIS_URL." >&2
exit 1
