"""The curator's page of the school's mentor and mentee accounts: reset links.

Only accounts whose every role is mentor or mentee of this school are listed and may get
a link (``credentials.curator_may_reset``); any other account is a 404 here.
"""

from __future__ import annotations

from flask import Flask, abort, g, render_template, url_for
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.accounts import issue_reset_link
from nastavnik.platform.credentials import CURATOR_RESETTABLE, curator_may_reset
from nastavnik.platform.models import RoleAssignment, School, User
from nastavnik.platform.permissions import allow, declare, require, requires
from nastavnik.platform.roles import Role
from nastavnik.platform.scopes import add_school_section, school_blueprint

bp = school_blueprint("school_accounts", __name__, "/accounts", template_folder="templates")
ACCOUNTS = declare(
    "school_accounts",
    # The object rule: only an account whose every role is this school's mentor or mentee.
    reset=allow(Role.CURATOR, hidden=True, when=lambda user: curator_may_reset(user, g.place)),
)


def resettable_accounts(school: School) -> list[User]:
    candidates = db.session.scalars(
        select(User).join(RoleAssignment)
        .where(RoleAssignment.school_id == school.id,
               RoleAssignment.role.in_([r.value for r in CURATOR_RESETTABLE]))
        .order_by(User.full_name).distinct()).all()
    return [user for user in candidates if curator_may_reset(user, school)]


@bp.route("/")
@requires(ACCOUNTS.reset)
def index():
    return render_template("school_accounts/index.html", school=g.place,
                           accounts=resettable_accounts(g.place))


@bp.route("/<int:user_id>/reset-link", methods=["POST"])
@requires(ACCOUNTS.reset)
def reset_link(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    require(ACCOUNTS.reset, user)
    return issue_reset_link(user, g.place, url_for(".index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_section("Учётные записи", "school_accounts.index", ACCOUNTS.reset, order=90)
