"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests are short and database-bound: two workers per core, a few threads each.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def post_fork(server, worker):
    """Personal questionnaire links carry a token in the path: the access log redacts it.

    The application installs the same filter when it starts; doing it here as well keeps
    the access log clean even if the app is loaded lazily or the filter list is reset.
    """
    from nastavnik.platform.privacy import install_log_redaction

    install_log_redaction("gunicorn.access")
