"""Report pages of a region (``/r/<slug>/reports/``), a municipality (``/m/<slug>/reports/``)
and a school (``/s/<slug>/reports/``, the monitoring card): order, list, watch, download.

One set of views serves the three scoped blueprints; each reads only reports of the place
it stands in (``report_of``), so another place's report is 404 whatever its number. The
file is built by a worker; a page only orders, shows the state and sends the bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.platform.oversight.reports import (
    FORMAT_LABEL,
    KIND_OF_PLACE,
    Format,
    order_report,
    report_of,
    reports_of,
    retry_report,
)
from nastavnik.platform.permissions import allow, declare, require
from nastavnik.platform.roles import Role
from nastavnik.platform.scopes import (
    add_municipality_section,
    add_region_section,
    municipality_blueprint,
    region_blueprint,
    school_blueprint,
)

# Who orders and reads each kind: the level's own officials and those above it. A mentor
# or mentee of the school gets 404 for the card: its page is none of theirs.
REPORTS = declare(
    "reports",
    regional=allow(Role.REGIONAL_OPERATOR, Role.ADMIN, hidden=True),
    municipal=allow(Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN, hidden=True),
    card=allow(Role.CURATOR, Role.DIRECTOR, Role.METHODOLOGIST, Role.REGIONAL_OPERATOR,
               Role.ADMIN, hidden=True),
)
PERMISSION = {Region: REPORTS.regional, Municipality: REPORTS.municipal,
              School: REPORTS.card}
FIRST_YEAR = 2020  # the platform holds nothing older
REFRESH_SECONDS = 3

regional_bp = region_blueprint("regional_reports", __name__, "/reports",
                               template_folder="templates")
municipal_bp = municipality_blueprint("municipal_reports", __name__, "/reports",
                                      template_folder="templates")
school_bp = school_blueprint("school_reports", __name__, "/reports",
                             template_folder="templates")


class BadOrder(ValueError):
    """The order form's input is wrong; the message is Russian and shown as is."""


def years() -> list[int]:
    current = clock.current_academic_year(g.place)
    return list(range(current, max(FIRST_YEAR, current - 4) - 1, -1))


def parse_day(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise BadOrder("Дата указана неверно: введите её как ДД.ММ.ГГГГ.")


def parse_order(form) -> tuple[Format, int, dt.date]:
    """The format, academic year and day of an order, or ``BadOrder`` saying what is wrong."""
    try:
        fmt = Format(form.get("format", ""))
    except ValueError:
        raise BadOrder("Выберите формат отчёта: PDF или XLSX.") from None
    text = form.get("academic_year", "").strip()
    if not text.isdigit() or int(text) not in years():
        raise BadOrder("Выберите учебный год из списка.")
    year = int(text)
    today = clock.today(g.place)
    starts, ends = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    day_text = form.get("as_of", "").strip()
    day = parse_day(day_text) if day_text else min(today, ends)
    if day > today:
        raise BadOrder(f"Дата не может быть позже сегодняшней ({today:%d.%m.%Y}).")
    if not starts <= day <= ends:
        raise BadOrder(f"Дата должна быть в пределах {year}/{year + 1} учебного года "
                       f"(с {starts:%d.%m.%Y} по {ends:%d.%m.%Y}).")
    return fmt, year, day


def _guard() -> None:
    require(PERMISSION[type(g.place)])


def _page(error: str | None = None, status: int = 200):
    place = g.place
    return render_template(
        "reports/index.html", place=place, kind=KIND_OF_PLACE[type(place)],
        reports=reports_of(place), years=years(), formats=FORMAT_LABEL, error=error,
        form=request.form if error else {}, today=clock.today(place),
        ep=request.blueprint), status


def index():
    _guard()
    return _page()


def order():
    _guard()
    try:
        fmt, year, day = parse_order(request.form)
    except BadOrder as error:
        return _page(str(error), 400)
    report, _new = order_report(g.place, fmt, year, day, current_user._get_current_object(),
                                request.url_root)
    return redirect(url_for(f"{request.blueprint}.show", report_id=report.id), 303)


def _report(report_id: int):
    _guard()
    report = report_of(g.place, report_id)
    if report is None:
        abort(404)
    return report


def show(report_id: int):
    report = _report(report_id)
    return render_template("reports/show.html", place=g.place, report=report,
                           refresh=REFRESH_SECONDS if report.active else None,
                           ep=request.blueprint)


def retry(report_id: int):
    report = retry_report(_report(report_id))
    return redirect(url_for(f"{request.blueprint}.show", report_id=report.id), 303)


def download(report_id: int):
    report = _report(report_id)
    if report.content is None:
        abort(404)
    return send_file(io.BytesIO(report.content), mimetype=report.content_type,
                     as_attachment=True, download_name=report.filename, max_age=0)


def _routes(bp: Blueprint) -> Blueprint:
    bp.add_url_rule("/", "index", index, methods=["GET"])
    bp.add_url_rule("/", "order", order, methods=["POST"])
    bp.add_url_rule("/<int:report_id>", "show", show, methods=["GET"])
    bp.add_url_rule("/<int:report_id>/retry", "retry", retry, methods=["POST"])
    bp.add_url_rule("/<int:report_id>/download", "download", download, methods=["GET"])
    return bp


for _bp in (regional_bp, municipal_bp, school_bp):
    _routes(_bp)


def init_app(app: Flask) -> None:
    for bp in (regional_bp, municipal_bp, school_bp):
        app.register_blueprint(bp)
    add_region_section("Отчёты", "regional_reports.index", REPORTS.regional, order=90)
    add_municipality_section("Отчёты", "municipal_reports.index", REPORTS.municipal, order=90)
