"""Pages of the school's documents: list, create, approve, scans, downloads, wording."""

from __future__ import annotations

import io

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import carried_out, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.platform.tenancy import in_scope_or_404
from nastavnik.tenants.documents import services
from nastavnik.tenants.documents.content import wording_for
from nastavnik.tenants.documents.docx_file import render_docx
from nastavnik.tenants.documents.forms import CreateDocumentForm, UploadScanForm, texts_form
from nastavnik.tenants.documents.kinds import KIND_CODES, DocumentKind
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.documents.pdf_file import render_pdf
from nastavnik.tenants.documents.permissions import DOCUMENTS
from nastavnik.tenants.documents.scans import SCAN_TYPES
from nastavnik.tenants.documents.texts import PLACEHOLDERS, default_wording

bp = school_blueprint("documents", __name__, "/documents", template_folder="templates")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def documents_panel(school: School) -> dict:
    """The school home page's card: approved kinds, and a link for those who may read."""
    return {"template": "documents/panel.html", "approved_kinds": services.approved_kinds(school),
            "all_kinds": len(DocumentKind)}


def _kind(code: str) -> DocumentKind:
    if code not in KIND_CODES:
        abort(404)
    return DocumentKind(code)


def _create_form() -> CreateDocumentForm:
    form = CreateDocumentForm()
    current = clock.current_academic_year()
    form.academic_year.choices = [(y, f"{y}/{y + 1}") for y in (current - 1, current, current + 1)]
    if not form.is_submitted():
        form.academic_year.data, form.date.data = current, clock.today()
    return form


def _index(form: CreateDocumentForm, status: int = 200):
    # Every document's scan in one more query, however many years of documents there are.
    documents = db.session.scalars(select(SchoolDocument).options(
        selectinload(SchoolDocument.scan)).order_by(
        SchoolDocument.academic_year.desc(), SchoolDocument.id.desc())).all()
    by_kind = [(kind, [d for d in documents if d.kind == kind]) for kind in DocumentKind]
    return render_template("documents/index.html", by_kind=by_kind, form=form), status


@bp.get("/")
@requires(DOCUMENTS.read)
def index():
    return _index(_create_form())


@bp.post("/")
@requires(DOCUMENTS.edit)
def create():
    form = _create_form()
    made: list[SchoolDocument] = []  # the new draft's page is where the curator goes next
    if carried_out(form, lambda: made.append(services.create_document(
            g.place, DocumentKind(form.kind.data), form.academic_year.data, form.number.data,
            form.date.data, form.protocol_number.data or "", form.protocol_date.data)),
            "Документ сформирован как черновик. Проверьте его и передайте руководителю "
            "на утверждение."):
        return redirect(url_for(".show", document_id=made[0].id), 303)
    return _index(form, 400)


def _show(document: SchoolDocument, upload_form: UploadScanForm, status: int = 200):
    return render_template("documents/document.html", document=document,
                           upload_form=upload_form), status


@bp.get("/<int:document_id>")
@requires(DOCUMENTS.read)
def show(document_id: int):
    return _show(in_scope_or_404(SchoolDocument, document_id), UploadScanForm())


@bp.post("/<int:document_id>/approve")
@requires(DOCUMENTS.approve)
def approve(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    return pressed(lambda: services.approve_document(document, current_user),
                   "Документ утверждён. Его содержание зафиксировано; загрузите скан "
                   "подписанного экземпляра.",
                   url_for(".show", document_id=document.id))


@bp.post("/<int:document_id>/scan")
@requires(DOCUMENTS.upload_scan)
def upload(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    form = UploadScanForm()
    if not form.validate():
        return _show(document, form, 400)
    if carried_out(form, lambda: services.upload_scan(
            document, form.scan.data.read(), form.scan.data.mimetype, current_user),
            "Скан загружен: теперь он и есть документ школы."):
        return redirect(url_for(".show", document_id=document.id), 303)
    return _show(document, form, 400)


def _download_name(document: SchoolDocument, extension: str) -> str:
    name = f"{DocumentKind(document.kind).label} {document.academic_year_title}"
    if document.number:
        name += f" № {document.number}"
    name += f" от {document.date:%d.%m.%Y}, ред. {document.version}"
    return name.replace("/", "-") + f".{extension}"


def _send(data: bytes, mimetype: str, name: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=name, max_age=0)


@bp.get("/<int:document_id>/docx")
@requires(DOCUMENTS.download)
def download_docx(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    return _send(render_docx(document), DOCX_TYPE, _download_name(document, "docx"))


@bp.get("/<int:document_id>/pdf")
@requires(DOCUMENTS.download)
def download_pdf(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    return _send(render_pdf(document), "application/pdf", _download_name(document, "pdf"))


@bp.get("/<int:document_id>/scan")
@requires(DOCUMENTS.download)
def download_scan(document_id: int):
    document = in_scope_or_404(SchoolDocument, document_id)
    if document.scan is None:
        abort(404)
    scan = document.scan
    return _send(scan.data, scan.content_type,
                 _download_name(document, SCAN_TYPES[scan.content_type]))


@bp.route("/texts/<kind>", methods=["GET", "POST"])
@requires(DOCUMENTS.edit)
def texts(kind: str):
    kind = _kind(kind)
    wording = wording_for(g.place, kind)
    form = texts_form(wording)
    if form.validate_on_submit():
        sections = {s.key: form[f"section_{s.key}"].data for s in wording.sections}
        editions = services.save_texts(g.place, kind, form.title.data, sections)
        _flash_texts_saved(editions)
        return redirect(url_for(".texts", kind=kind.value), 303)
    return _texts_page(kind, form, 400 if form.is_submitted() else 200)


@bp.post("/texts/<kind>/reset")
@requires(DOCUMENTS.edit)
def reset_texts(kind: str):
    kind = _kind(kind)
    editions = services.reset_texts(g.place, kind)
    _flash_texts_saved(editions, reset=True)
    return redirect(url_for(".texts", kind=kind.value), 303)


def _texts_page(kind: DocumentKind, form, status: int = 200):
    return render_template("documents/texts.html", kind=kind, form=form,
                           placeholders=PLACEHOLDERS,
                           section_keys=[s.key for s in default_wording(kind).sections]), status


def _flash_texts_saved(editions: list[SchoolDocument], reset: bool = False) -> None:
    flash("Восстановлен текст платформы." if reset else "Текст школы сохранён.", "success")
    flash("Черновики этого вида документов сформируются уже с новым текстом. "
          "Утверждённые документы не меняются.", "info")
    for edition in editions:
        flash(f"Для утверждённого документа «{DocumentKind(edition.kind).label}» за "
              f"{edition.academic_year_title} учебный год создана редакция {edition.version} "
              "(черновик): утвердите её, если новый текст должен вступить в силу.", "info")
