"""Login and logout. Login is rate-limited per address and per e-mail."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from nastavnik.extensions import db, limiter
from nastavnik.platform.models import User
from nastavnik.platform.passwords import hash_password, verify_password
from nastavnik.platform.pipeline import Standing, blueprint_stands_in

bp = blueprint_stands_in(Blueprint("accounts", __name__, template_folder="templates"),
                         Standing.PUBLIC)

# Verifying against a real hash when the e-mail is unknown keeps the timing of both
# failures alike, so the form does not reveal which addresses have accounts.
_DUMMY_HASH = hash_password("not-a-password")


class LoginForm(FlaskForm):
    email = EmailField(
        "Электронная почта",
        validators=[DataRequired("Укажите электронную почту."),
                    Email("Адрес электронной почты указан неверно."),
                    Length(max=254, message="Адрес слишком длинный.")],
    )
    password = PasswordField(
        "Пароль", validators=[DataRequired("Введите пароль."),
                              Length(max=200, message="Пароль слишком длинный.")]
    )
    remember = BooleanField("Запомнить меня")
    submit = SubmitField("Войти")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _login_email_key() -> str:
    return (request.form.get("email") or "").strip().lower()


def _failed(response) -> bool:
    return response.status_code != 302


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count (a successful login redirects), per address and per e-mail.
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_email_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        valid = verify_password(user.password_hash if user else _DUMMY_HASH, form.password.data)
        if user and valid and user.is_active:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next() or url_for("web.home"))
        flash("Неверная электронная почта или пароль.", "danger")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    # Only local paths: an absolute URL here would make the login page an open redirect.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Вы вышли из системы.", "info")
    return redirect(url_for("accounts.login"))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Войдите, чтобы открыть эту страницу."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.register_blueprint(bp)
