"""The curator's news pages ``/s/<school>/publications/``: the list with drafts, a form
to write or change a news item, publishing and withdrawing."""

from __future__ import annotations

import io

from flask import abort, g, redirect, render_template, send_file, url_for
from flask_login import current_user

from nastavnik.platform import clock
from nastavnik.platform.permissions import requires
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal, pressed
from nastavnik.platform.scopes import school_blueprint
from nastavnik.tenants.publications import public_documents, services
from nastavnik.tenants.publications.forms import NewsForm
from nastavnik.tenants.publications.models import ELSEWHERE, Publication
from nastavnik.tenants.publications.permissions import PUBLICATIONS

bp = school_blueprint("publications", __name__, "/publications", template_folder="templates")


@bp.get("/")
@requires(PUBLICATIONS.read)
def index():
    return render_template("publications/index.html", action=ActionForm(),
                           news=services.school_news(g.place, published_only=False),
                           publishable=public_documents.publishable(g.place),
                           shown=public_documents.shown(g.place))


def _news(news_id: int) -> Publication:
    return services.news_of_school(g.place, news_id) or abort(404)


@bp.route("/new", methods=["GET", "POST"])
@requires(PUBLICATIONS.manage)
def create():
    return _edit(None, NewsForm(data={"dated": clock.today()}))


@bp.route("/<int:news_id>/edit", methods=["GET", "POST"])
@requires(PUBLICATIONS.manage)
def edit(news_id: int):
    news = _news(news_id)
    return _edit(news, NewsForm(obj=news))


def _edit(news: Publication | None, form: NewsForm):
    upload = form.image.data
    if carried_out(form, lambda: services.save_news(
            g.place, current_user, news, title=form.title.data, text=form.text.data,
            dated=form.dated.data, links={field: form[field].data for field in ELSEWHERE},
            image=upload.read() if upload else None,
            image_type=upload.mimetype if upload else None,
            drop_image=form.drop_image.data), "Новость сохранена."):
        return redirect(url_for("publications.index"), 303)
    return render_template("publications/edit.html", form=form, news=news,
                           links=list(ELSEWHERE)), 400 if form.is_submitted() else 200


@bp.post("/<int:news_id>/publish")
@requires(PUBLICATIONS.manage)
def publish(news_id: int):
    news = _news(news_id)
    return pressed(lambda: services.publish(g.place, news),
                   "Новость опубликована в открытом разделе школы.",
                   url_for("publications.index"))


@bp.post("/<int:news_id>/withdraw")
@requires(PUBLICATIONS.manage)
def withdraw(news_id: int):
    news = _news(news_id)
    return pressed(lambda: services.withdraw(g.place, news),
                   "Новость снята с публикации.",
                   url_for("publications.index"))


@bp.get("/<int:news_id>/image")
@requires(PUBLICATIONS.read)
def image(news_id: int):
    return send_image(_news(news_id))


def send_image(news: Publication):
    if news.image_type is None:
        abort(404)
    return send_file(io.BytesIO(news.image), mimetype=news.image_type, max_age=0)


@bp.post("/documents/<kind>/<int:year>/<any(show, hide):act>")
@requires(PUBLICATIONS.manage)
def document(kind: str, year: int, act: str):
    form = ActionForm()
    change = (public_documents.show_document if act == "show"
              else public_documents.hide_document)
    if not carried_out(form, lambda: change(g.place, kind, year),
                       "Документ открыт в разделе «Наставничество»." if act == "show"
                       else "Документ убран из открытого раздела."):
        flash_refusal(form)
    return redirect(url_for("publications.index"), 303)
