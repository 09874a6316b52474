"""The platform administrator's area: regions, municipalities, schools and users."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from nastavnik.extensions import db
from nastavnik.platform import clock, credentials
from nastavnik.platform.accounts import issue_reset_link
from nastavnik.platform.input_guards import MAX_ID
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.passwords import POLICY_HINT, hash_password, password_problems
from nastavnik.platform.permissions import allow, declare, require
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.rejections import ActionForm, carried_out, flash_refusal
from nastavnik.platform.roles import Level, Role
from nastavnik.platform.signals import school_created
from nastavnik.platform.tenancy import EVERYWHERE, roles_in

bp = blueprint_stands_in(
    Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates"),
    Standing.PLATFORM)
# The whole admin area is the platform administrator's; to anyone else it does not exist.
ADMINISTRATION = declare("admin", manage=allow(Role.ADMIN, hidden=True))

REQUIRED = DataRequired("Заполните это поле.")
SLUG = Regexp(r"^[a-z0-9][a-z0-9-]*$",
              message="Только строчные латинские буквы, цифры и дефис, например «school-7».")


def _unique(model, column: str, label: str):
    def check(_form, field):
        if db.session.scalar(select(model).where(getattr(model, column) == field.data)):
            raise ValidationError(f"{label} «{field.data}» уже занят.")
    return check


def _text(label: str, max_length: int, *extra, required: bool = True):
    validators = [REQUIRED] if required else [Optional()]
    message = f"Не длиннее {max_length} символов."
    return StringField(label, validators=[*validators, Length(max=max_length, message=message),
                                          *extra])


class AdminForm(FlaskForm):
    submit = SubmitField("Добавить")

    def __iter__(self):
        # The subclasses declare their fields after this button: render it below them.
        return iter(sorted(super().__iter__(), key=lambda field: field.name == "submit"))


def _known_zone(_form, field) -> None:
    if not clock.is_zone(field.data):
        raise ValidationError(f"Неизвестный часовой пояс «{field.data}»: укажите название из "
                              f"базы IANA, например «{clock.DEFAULT_ZONE}» или «Asia/Omsk».")


def _zone_field() -> StringField:
    return StringField(
        "Часовой пояс", default=lambda: current_app.config["SCHOOL_TIMEZONE"],
        description="Дата в школах региона сменяется в полночь по этому поясу.",
        filters=[lambda value: value.strip() if value else value],
        validators=[REQUIRED, Length(max=64, message="Не длиннее 64 символов."), _known_zone])


class RegionForm(AdminForm):
    name = _text("Название", 200)
    slug = _text("Адрес в URL", 64, SLUG, _unique(Region, "slug", "Адрес"))
    code = _text("Код", 16, _unique(Region, "code", "Код"))
    timezone = _zone_field()


class RegionZoneForm(FlaskForm):
    timezone = _zone_field()
    submit = SubmitField("Сохранить")


class MunicipalityForm(AdminForm):
    region_id = SelectField("Регион", coerce=int)
    name = _text("Название", 200)
    slug = _text("Адрес в URL", 64, SLUG, _unique(Municipality, "slug", "Адрес"))
    code = _text("Код", 16, _unique(Municipality, "code", "Код"))


class SchoolForm(AdminForm):
    municipality_id = SelectField("Муниципалитет", coerce=int)
    name = _text("Полное наименование", 300)
    short_name = _text("Краткое наименование", 120)
    slug = _text("Адрес в URL", 64, SLUG, _unique(School, "slug", "Адрес"))
    code = _text("Код", 16, _unique(School, "code", "Код"))
    address = _text("Адрес", 300, required=False)
    # The place of issue of the school's documents; empty: read from the address.
    settlement = _text("Населённый пункт (например, «г. Тверь»)", 120, required=False)
    website = _text("Сайт", 200, URL(message="Укажите адрес сайта, например https://school.ru"),
                    required=False)


class UserForm(AdminForm):
    full_name = _text("ФИО", 200)
    email = EmailField("Электронная почта", validators=[
        REQUIRED, Email("Адрес электронной почты указан неверно."),
        Length(max=254, message="Адрес слишком длинный.")])
    password = PasswordField("Пароль", validators=[REQUIRED], description=POLICY_HINT)
    role = SelectField("Роль", choices=[(r.value, r.label) for r in Role])
    place = SelectField("Где действует роль", choices=[])

    def validate_email(self, field):
        taken = db.session.scalar(select(User).where(func.lower(User.email) == field.data.lower()))
        if taken:
            raise ValidationError("Пользователь с такой почтой уже есть.")

    def validate_password(self, field):
        if problems := password_problems(field.data, self.email.data or ""):
            raise ValidationError(" ".join(problems))

    def validate_place(self, field):
        if self.role.data not in set(Role):
            return  # the role field itself says so
        if resolve_place(Role(self.role.data), field.data) is False:
            raise ValidationError("Место не подходит для выбранной роли: региональный оператор — "
                                  "регион, координатор — муниципалитет, школьные роли — школа, "
                                  "администратор — вся платформа.")


def place_choices() -> list[tuple[str, str]]:
    choices = [("", "вся платформа (для администратора)")]
    choices += [(f"r:{r.id}", f"Регион: {r.name}") for r in db.session.scalars(
        select(Region).order_by(Region.name))]
    choices += [(f"m:{m.id}", f"Муниципалитет: {m.name}") for m in db.session.scalars(
        select(Municipality).order_by(Municipality.name))]
    choices += [(f"s:{s.id}", f"Школа: {s.short_name}") for s in db.session.scalars(
        select(School).order_by(School.short_name))]
    return choices


def resolve_place(role: Role, value: str):
    """The place a role is to be held at, None for the platform, False if they don't fit."""
    kinds = {"r": (Level.REGION, Region), "m": (Level.MUNICIPALITY, Municipality),
             "s": (Level.SCHOOL, School)}
    if not value:
        return None if role.level is Level.PLATFORM else False
    kind, _, ident = value.partition(":")
    if kind not in kinds or not ident.isdigit() or int(ident) > MAX_ID \
            or kinds[kind][0] is not role.level:
        return False
    return db.session.get(kinds[kind][1], int(ident)) or False


@bp.before_request
@login_required
def enter_platform():
    g.roles = roles_in(current_user, EVERYWHERE)
    require(ADMINISTRATION.manage)
    g.scope = EVERYWHERE


@bp.route("/")
def index():
    sections = [(label, endpoint, db.session.scalar(select(func.count()).select_from(model)))
                for label, endpoint, model in (
                    ("Регионы", "admin.regions", Region),
                    ("Муниципалитеты", "admin.municipalities", Municipality),
                    ("Школы", "admin.schools", School),
                    ("Пользователи", "admin.users", User))]
    return render_template("admin/index.html", sections=sections)


def _entity_page(form: FlaskForm, build, message: str, template: str, rows_query,
                 created=None):
    """List the rows and, on a valid POST, add the one ``build()`` makes from the form.

    ``created(row)`` runs after the row has its id, in the same unit of work.
    """
    if form.validate_on_submit():
        row = build()
        db.session.add(row)
        try:
            db.session.flush()
        except IntegrityError:  # a concurrent admin took the same slug or code
            db.session.rollback()
            form.form_errors.append("Не удалось сохранить: такие адрес или код уже заняты.")
        else:
            if created is not None:
                created(row)
            flash(message, "success")
            return redirect(request.path)
    rows = db.session.scalars(rows_query).all()
    return render_template(template, form=form, rows=rows), 400 if form.errors else 200


@bp.route("/regions", methods=["GET", "POST"])
def regions():
    form = RegionForm()
    return _entity_page(
        form, lambda: Region(name=form.name.data, slug=form.slug.data, code=form.code.data,
                             timezone=form.timezone.data),
        "Регион добавлен.", "admin/regions.html", select(Region).order_by(Region.name))


@bp.route("/regions/<int:region_id>/timezone", methods=["GET", "POST"])
def region_timezone(region_id: int):
    region = db.session.get(Region, region_id) or abort(404)
    form = RegionZoneForm(obj=region)

    def change() -> None:
        region.timezone = form.timezone.data

    if carried_out(form, change, f"Часовой пояс региона «{region.name}» сохранён."):
        return redirect(url_for("admin.regions"))
    return render_template("admin/region_timezone.html", region=region, form=form), \
        400 if form.errors else 200


@bp.route("/municipalities", methods=["GET", "POST"])
def municipalities():
    form = MunicipalityForm()
    form.region_id.choices = [(r.id, r.name) for r in db.session.scalars(
        select(Region).order_by(Region.name))]
    return _entity_page(
        form, lambda: Municipality(region_id=form.region_id.data, name=form.name.data,
                                   slug=form.slug.data, code=form.code.data),
        "Муниципалитет добавлен.", "admin/municipalities.html",
        select(Municipality).order_by(Municipality.name))


@bp.route("/schools", methods=["GET", "POST"])
def schools():
    form = SchoolForm()
    form.municipality_id.choices = [(m.id, m.name) for m in db.session.scalars(
        select(Municipality).order_by(Municipality.name))]

    def build() -> School:
        municipality = db.session.get(Municipality, form.municipality_id.data)
        return School(municipality=municipality, region_id=municipality.region_id,
                      name=form.name.data, short_name=form.short_name.data,
                      slug=form.slug.data, code=form.code.data,
                      address=form.address.data or "", website=form.website.data or "",
                      settlement=form.settlement.data or "")

    return _entity_page(form, build, "Школа добавлена.", "admin/schools.html",
                        select(School).order_by(School.short_name),
                        created=lambda school: school_created.send(school=school))


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserForm()
    form.place.choices = place_choices()

    def build() -> User:
        role = Role(form.role.data)
        user = User(email=form.email.data.strip().lower(), full_name=form.full_name.data,
                    password_hash=hash_password(form.password.data))
        user.roles.append(RoleAssignment.at(role, resolve_place(role, form.place.data)))
        return user

    return _entity_page(form, build, "Пользователь создан.", "admin/users.html",
                        select(User).order_by(User.full_name))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
def reset_link(user_id: int):
    return issue_reset_link(db.get_or_404(User, user_id), None, url_for(".users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    return _set_active(user_id, False, "Учётная запись отключена, все её сеансы завершены.")


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
def activate(user_id: int):
    return _set_active(user_id, True, "Учётная запись включена.")


def _set_active(user_id: int, active: bool, message: str):
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    if not carried_out(form, lambda: credentials.set_active(user, active, current_user), message):
        flash_refusal(form)
    return redirect(url_for(".users"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
