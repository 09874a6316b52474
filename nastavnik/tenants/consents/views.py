"""Consents pages: who has consented to which bank, recording, withdrawal, the blank form."""

from __future__ import annotations

import io

from flask import abort, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import carried_out
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.consents import services
from nastavnik.tenants.consents.forms import ConsentForm, NetworkConsentForm, WithdrawalForm
from nastavnik.tenants.consents.permissions import CONSENTS
from nastavnik.tenants.consents.printing import consent_docx, consent_pdf
from nastavnik.tenants.consents.purposes import (
    NETWORK_PURPOSE,
    PUBLICATION_PURPOSE,
    PURPOSES,
    Purpose,
    default_scope,
)
from nastavnik.tenants.teachers.models import Teacher

bp = school_blueprint("consents", __name__, "/consents", template_folder="templates")

FILE_TYPES = {
    "pdf": (consent_pdf, "application/pdf"),
    "docx": (consent_docx,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def _purpose(code: str) -> Purpose:
    if code not in PURPOSES:
        abort(404)
    return PURPOSES[code]


@bp.route("/")
@requires(CONSENTS.read)
def overview():
    purpose = _purpose(request.args.get("purpose", "mentee_bank"))
    missing_only = request.args.get("missing") == "1"
    rows = services.consent_overview(g.place, purpose.code)
    if missing_only:
        rows = [(teacher, consent) for teacher, consent in rows if consent is None]
    return render_template("consents/overview.html", purpose=purpose, purposes=PURPOSES,
                           rows=rows, missing_only=missing_only)


@bp.route("/<int:teacher_id>/<purpose_code>", methods=["GET", "POST"])
@requires(CONSENTS.record)
def give(teacher_id: int, purpose_code: str):
    purpose, teacher = _purpose(purpose_code), in_scope_or_404(Teacher, teacher_id)
    # A purpose that shares fields asks which; its scope is then worded from the choice.
    form_class = NetworkConsentForm if purpose.shares else ConsentForm
    form = form_class(data={"scope": None if purpose.shares else default_scope(purpose)}
                      if request.method == "GET" else None)
    if carried_out(form, lambda: services.give_consent(
            teacher, purpose.code, given_on=form.given_on.data,
            form_reference=form.form_reference.data, scope=form.scope.data,
            recorded_by=current_user.id,
            shared_fields=form.shared_fields.data if purpose.shares else None),
            f"Согласие записано: {teacher.full_name}, {purpose.title.lower()}."):
        return redirect(url_for("consents.overview", purpose=purpose.code))
    return render_template("consents/give.html", form=form, teacher=teacher,
                           purpose=purpose), 400 if form.errors else 200


@bp.route("/<int:teacher_id>/<purpose_code>/withdraw", methods=["GET", "POST"])
@requires(CONSENTS.record)
def withdraw(teacher_id: int, purpose_code: str):
    purpose, teacher = _purpose(purpose_code), in_scope_or_404(Teacher, teacher_id)
    # A late second click of «withdraw» is told on the form that nothing is left to withdraw.
    if request.method == "GET" and services.active_consent(teacher, purpose.code) is None:
        abort(404)
    form = WithdrawalForm()
    if carried_out(form, lambda: services.withdraw_consent(teacher, purpose.code,
                                                           form.withdrawn_on.data),
                   _WITHDRAWN_MESSAGES.get(purpose.code, _withdrawn_message)):
        return redirect(url_for("consents.overview", purpose=purpose.code))
    return render_template("consents/withdraw.html", form=form, teacher=teacher,
                           purpose=purpose), 400 if form.errors else 200


def _network_withdrawn_message(withdrawal: services.Withdrawal) -> str:
    if withdrawal.erased:
        return ("Согласие отозвано: наставник больше не предлагается другим школам, его "
                "персональные данные и учётная запись удалены.")
    return "Согласие отозвано: наставник больше не предлагается другим школам."


def _publication_withdrawn_message(withdrawal: services.Withdrawal) -> str:
    if withdrawal.erased:
        return ("Согласие отозвано: имя педагога больше не публикуется, его персональные "
                "данные и учётная запись удалены.")
    return "Согласие отозвано: имя педагога больше не публикуется в открытом разделе."


def _withdrawn_message(withdrawal: services.Withdrawal) -> str:
    """Say «удалены» only when the person's data were erased, not when another consent stands."""
    if withdrawal.erased:
        return ("Согласие отозвано: обработка прекращена, педагог исключён из банка, его "
                "персональные данные и учётная запись удалены.")
    return ("Согласие отозвано: педагог исключён из банка. ФИО и учётная запись "
            "сохраняются, пока действует его согласие для другого банка.")


@bp.route("/<int:teacher_id>/<purpose_code>/form.<kind>")
@requires(CONSENTS.read)
def blank(teacher_id: int, purpose_code: str, kind: str):
    purpose, teacher = _purpose(purpose_code), in_scope_or_404(Teacher, teacher_id)
    if kind not in FILE_TYPES:
        abort(404)
    build, mimetype = FILE_TYPES[kind]
    return send_file(io.BytesIO(build(g.place, teacher, purpose)), mimetype=mimetype,
                     as_attachment=True,
                     download_name=f"soglasie-{purpose.code}-{teacher.id}.{kind}")


# A bank's withdrawal unless the purpose has its own words.
_WITHDRAWN_MESSAGES = {NETWORK_PURPOSE: _network_withdrawn_message,
                       PUBLICATION_PURPOSE: _publication_withdrawn_message}
