"""Login, logout, the person's own password change and the reset-link page.

Sessions end on the server: the cookie names the account *and* its ``session_token``
(``User.get_id``), and the loader below refuses a token the account no longer holds.

Failed logins are limited per e-mail and client address together, so that nobody can
lock a person out from elsewhere by typing wrong passwords for their address, and more
loosely per address alone (a school's teachers may share one). Behind nginx the client
address is the one ``ProxyFix`` (``PROXY_COUNT``) takes from ``X-Forwarded-For``.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug import Response
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from nastavnik.extensions import db, limiter
from nastavnik.platform import credentials
from nastavnik.platform.headers import kept_private
from nastavnik.platform.input_guards import MAX_ID
from nastavnik.platform.memberships import find_account
from nastavnik.platform.models import School, User
from nastavnik.platform.passwords import MAX_LENGTH, POLICY_HINT, dummy_hash, verify_password
from nastavnik.platform.pipeline import Standing, blueprint_stands_in, stands_in
from nastavnik.platform.rejections import ActionForm, carried_out
from nastavnik.platform.tenancy import enter_scope
from nastavnik.platform.web import landing

bp = blueprint_stands_in(Blueprint("accounts", __name__, template_folder="templates"),
                         Standing.PUBLIC)

TOO_LONG = Length(max=MAX_LENGTH, message="Пароль слишком длинный.")


class LoginForm(FlaskForm):
    email = EmailField(
        "Электронная почта",
        validators=[DataRequired("Укажите электронную почту."),
                    Email("Адрес электронной почты указан неверно."),
                    Length(max=254, message="Адрес слишком длинный.")],
    )
    password = PasswordField("Пароль", validators=[DataRequired("Введите пароль."), TOO_LONG])
    remember = BooleanField("Запомнить меня")
    submit = SubmitField("Войти")


class NewPasswordForm(FlaskForm):
    # The policy itself is the service's (``password_problems``); the form checks typing.
    password = PasswordField("Новый пароль", description=POLICY_HINT,
                             validators=[DataRequired("Введите новый пароль."), TOO_LONG])
    confirm = PasswordField("Новый пароль ещё раз", validators=[
        DataRequired("Повторите новый пароль."),
        EqualTo("password", message="Пароли не совпадают.")])
    submit = SubmitField("Сохранить пароль")


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField("Текущий пароль", validators=[
        DataRequired("Введите текущий пароль."), TOO_LONG])

    def __iter__(self):
        order = ("csrf_token", "current_password", "password", "confirm", "submit")
        return iter(sorted(super().__iter__(), key=lambda field: order.index(field.name)))


def _email_and_address() -> str:
    email = (request.form.get("email") or "").strip().lower()
    return f"{email}|{get_remote_address()}"


def _signed_in_account() -> str:
    return f"account:{getattr(current_user, 'id', None)}"


def _failed(response) -> bool:
    return response.status_code != 302


def _limit(setting: str):
    return lambda: current_app.config[setting]


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count (a successful login redirects).
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), methods=["POST"], key_func=_email_and_address,
               deduct_when=_failed)
@limiter.limit(_limit("LOGIN_ADDRESS_RATE_LIMIT"), methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_account(form.email.data)
        # Verifying against a real hash when the e-mail is unknown keeps the timing of both
        # failures alike, so the form does not reveal which addresses have accounts.
        valid = verify_password(user.password_hash if user else dummy_hash(), form.password.data)
        if user and valid and user.is_active:
            login_user(user, remember=form.remember.data)
            return redirect(local_path(request.args.get("next")) or landing(user))
        flash("Неверная электронная почта или пароль.", "danger")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: the login's ``next``.

    The checks of Django's ``url_has_allowed_host_and_scheme`` with no host allowed, and
    stricter: browsers drop tabs and newlines anywhere in a URL and read ``\\`` as ``/``,
    so ``/\\tevil``, ``/\\evil`` and ``//evil`` all lead off-site; a control character
    in a ``Location`` header would also break the response.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(unicodedata.category(char)[0] in "CZ" and char != " "
                             for char in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return target


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = current_user._get_current_object()
    # A new token signs the account out on the server: a copied session or "remember me"
    # cookie of this or any other browser stops working too.
    if carried_out(ActionForm(), user.end_sessions, "Вы вышли из системы."):
        logout_user()
        return redirect(url_for("accounts.login"))
    return redirect(url_for("web.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), methods=["POST"], key_func=_signed_in_account,
               deduct_when=lambda response: response.status_code == 400)
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if carried_out(form, lambda: credentials.change_password(
            user, form.current_password.data, form.password.data),
            "Пароль изменён. Остальные сеансы этой учётной записи завершены."):
        # This browser stays signed in, with the account's new token (and a new "remember
        # me" cookie if it had one).
        login_user(user, remember=current_app.config.get(
            "REMEMBER_COOKIE_NAME", "remember_token") in request.cookies)
        return redirect(url_for("web.home"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@stands_in(Standing.OWN_RECORD)
def reset_password(token: str):
    holder = credentials.link_holder(token)
    if (school := credentials.link_school(token)) is not None:
        # A curator's link acts in that school alone: its use is the school's event.
        enter_scope(school, roles=set())
    form = NewPasswordForm()
    if holder is None:
        response = render_template("auth/reset_password.html", form=None,
                                   problem=credentials.BAD_LINK), 404
    elif carried_out(form, lambda: credentials.reset_password(token, form.password.data),
                     "Пароль изменён. Войдите с новым паролем."):
        logout_user()  # whoever was signed in in this browser, the page was for the holder
        return redirect(url_for("accounts.login"))
    else:
        response = render_template("auth/reset_password.html", form=form, holder=holder,
                                   problem=None), 400 if form.errors else 200
    return _without_referrer(response)


def issue_reset_link(user: User, school: School | None, back: str) -> Response:
    """Issue a reset link for ``user`` on a valid POST and show it, the only time it is."""
    issued: list[str] = []  # the token leaves the unit of work only if it commits

    def issue() -> None:
        issued.append(credentials.issue_link(user, current_user, school))

    if not carried_out(ActionForm(), issue, "Ссылка для сброса пароля выдана."):
        return redirect(back)
    response = current_app.make_response(render_template(
        "auth/reset_link.html", user=user, back=back,
        link=url_for("accounts.reset_password", token=issued[0], _external=True),
        validity=credentials.LINK_VALIDITY))
    return kept_private(response)


def _without_referrer(result):
    # The token is in this page's URL: it must not leak to another site as a Referer.
    return kept_private(current_app.make_response(result))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Войдите, чтобы открыть эту страницу."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """The account a session or "remember me" cookie names, if it still holds the token."""
        ident, _, token = user_id.partition(":")
        if not (ident.isascii() and ident.isdigit()) or not token or int(ident) > MAX_ID:
            return None
        user = db.session.get(User, int(ident))
        if user is None or not user.is_active or not user.holds_session(token):
            return None
        return user

    app.register_blueprint(bp)
