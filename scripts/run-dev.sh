#!/usr/bin/env bash
# make run: database, demo data, Redis, then web + worker + scheduler under honcho.
set -euo pipefail
cd "$(dirname "$0")/.."
# Development mode by name: an unset NASTAVNIK_ENV means production (config.py).
export FLASK_APP=wsgi PORT="${PORT:-5000}" NASTAVNIK_ENV="${NASTAVNIK_ENV:-development}"
bash scripts/ensure-redis.sh
.venv/bin/flask db upgrade
.venv/bin/flask reference seed
.venv/bin/flask demo seed
echo
echo "Наставник запущен: http://127.0.0.1:${PORT}/   (остановить: Ctrl+C)"
exec .venv/bin/honcho start -f Procfile
