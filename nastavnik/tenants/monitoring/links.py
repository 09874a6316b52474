"""Personal monitoring links, as the banks' (``tenants/banks/links.py``): a signed token
that names one request and expires after ``PERSONAL_LINK_DAYS``; an answered request no
longer opens. The link page trades the token for a session marker at once, so the token
does not stay in the address bar, the history or a Referer."""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.rejections import Rejected
from nastavnik.tenants.banks.links import CLOSED, DAMAGED, NO_MARKER, link_days
from nastavnik.tenants.monitoring.models import MonitoringRequest

SALT = "nastavnik.monitoring.personal-link.v1"
MARKER = "monitoring_link"
ANSWERED = "По этой ссылке уже ответили: анкета мониторинга заполняется один раз. Спасибо!"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def issue_token(request: MonitoringRequest) -> str:
    return _serializer().dumps({"request": request.id})


def _open(request_id: int) -> MonitoringRequest:
    request = db.session.get(MonitoringRequest, request_id)
    if request is None:
        raise Rejected(CLOSED)
    if request.answered:
        raise Rejected(ANSWERED)
    return request


def request_of_token(token: str) -> MonitoringRequest:
    """The unanswered request ``token`` names; a refusal if forged, expired or answered."""
    try:
        request_id = int(_serializer().loads(token, max_age=link_days() * 24 * 3600)["request"])
    except SignatureExpired as error:
        raise Rejected(CLOSED) from error
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise Rejected(DAMAGED) from error
    return _open(request_id)


def remember(request: MonitoringRequest) -> None:
    until = clock.now() + dt.timedelta(minutes=current_app.config["PERSONAL_LINK_SESSION_MINUTES"])
    session[MARKER] = {"request": request.id, "until": until.timestamp()}


def remembered() -> MonitoringRequest:
    marker = session.get(MARKER)
    if not isinstance(marker, dict) or not isinstance(marker.get("request"), int) \
            or not isinstance(marker.get("until"), int | float) \
            or clock.now().timestamp() > marker["until"]:
        raise Rejected(NO_MARKER)
    return _open(marker["request"])


def forget() -> None:
    session.pop(MARKER, None)
