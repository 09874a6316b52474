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
from sqlalchemy import false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from nastavnik.extensions import db
from nastavnik.platform import clock, credentials
from nastavnik.platform.accounts import issue_reset_link
from nastavnik.platform.input_guards import MAX_ID
from nastavnik.platform.memberships import (
    find_account,
    grant_role,
    open_account,
    revoke_role,
    update_account,
)
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.paging import paged, search_text
from nastavnik.platform.passwords import POLICY_HINT
from nastavnik.platform.permissions import allow, declare, require
from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.privacy import PROGRAMME_ROLES, kept_by_the_school
from nastavnik.platform.rejections import ActionForm, Rejected, carried_out, flash_refusal
from nastavnik.platform.roles import Level, Role
from nastavnik.platform.signals import programme_role_granted, school_created
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


PLACE_HINT = ("Код школы, муниципалитета или региона из их списков (например «77-01-05»); "
              "для администратора платформы — пусто.")


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


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
    full_name = _text("ФИО", 200, required=False)
    email = EmailField("Электронная почта", validators=[
        REQUIRED, Email("Адрес электронной почты указан неверно."),
        Length(max=254, message="Адрес слишком длинный.")],
        description="Если учётная запись с этой почтой уже есть, ей добавится роль: один "
                    "человек может быть, например, куратором и наставником или наставником "
                    "в двух школах.")
    password = PasswordField("Пароль", description=POLICY_HINT + " Только для новой учётной "
                             "записи.")
    role = SelectField("Роль", choices=[(r.value, r.label) for r in Role])
    place = StringField("Где действует роль", filters=[_stripped], validators=[
        Length(max=40, message="Не длиннее 40 символов.")], description=PLACE_HINT)

    def validate_place(self, field):
        _check_place(self.role.data, field)


class RoleForm(FlaskForm):
    role = SelectField("Роль", choices=[(r.value, r.label) for r in Role])
    place = StringField("Где действует роль", filters=[_stripped], validators=[
        Length(max=40, message="Не длиннее 40 символов.")], description=PLACE_HINT)
    submit = SubmitField("Добавить роль")

    def validate_place(self, field):
        _check_place(self.role.data, field)


class AccountForm(FlaskForm):
    full_name = _text("ФИО", 200, required=False)
    email = EmailField("Электронная почта", validators=[
        Optional(), Email("Адрес электронной почты указан неверно."),
        Length(max=254, message="Адрес слишком длинный.")])
    submit = SubmitField("Сохранить")


def _check_place(role: str, field) -> None:
    if role not in set(Role):
        return  # the role field itself says so
    if resolve_place(Role(role), field.data) is False:
        raise ValidationError("Место не подходит для выбранной роли: региональный оператор — "
                              "код региона, координатор — код муниципалитета, школьные роли — "
                              "код школы, администратор — пусто (вся платформа).")


_PLACE_MODELS = {Level.REGION: ("r", Region), Level.MUNICIPALITY: ("m", Municipality),
                 Level.SCHOOL: ("s", School)}


def resolve_place(role: Role, value: str | None):
    """The place a role is to be held at, None for the platform, False if they don't fit.

    ``value`` is the place's code from its list («77-01-05»), or the form's own
    «r:<id>», «m:<id>», «s:<id>» (the form's earlier choices; still accepted).
    """
    value = (value or "").strip()
    if role.level is Level.PLATFORM:
        return None if not value else False
    if not value:
        return False
    kind, model = _PLACE_MODELS[role.level]
    prefix, colon, ident = value.partition(":")
    if colon and prefix in {"r", "m", "s"}:
        if prefix != kind or not (ident.isascii() and ident.isdigit()) or int(ident) > MAX_ID:
            return False
        return db.session.get(model, int(ident)) or False
    return db.session.scalar(select(model).where(model.code == value)) or False


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
                 created=None, paging: bool = False):
    """List the rows and, on a valid POST, add the one ``build()`` makes from the form.

    ``created(row)`` runs after the row has its id, in the same unit of work. With
    ``paging`` the list is one page of the search (``platform/paging.py``).
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
    if paging:
        page = paged(rows_query, search_text())
        return render_template(template, form=form, rows=page.rows, page=page), \
            400 if form.errors else 200
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
                        _schools_query(search_text()),
                        created=lambda school: school_created.send(school=school), paging=True)


def _schools_query(text: str):
    query = select(School).join(School.municipality).options(
        contains_eager(School.municipality)).order_by(School.short_name, School.id)
    if text:
        query = query.where(or_(School.short_name.icontains(text, autoescape=True),
                                School.name.icontains(text, autoescape=True),
                                School.code == text, School.slug == text,
                                Municipality.name.icontains(text, autoescape=True)))
    return query


def _users_query(text: str):
    """Accounts by number, the roles and their places loaded in three queries in all (not
    one per role); ``text`` narrows them by account number, e-mail or place."""
    query = select(User).order_by(User.id).options(
        selectinload(User.roles).options(joinedload(RoleAssignment.school),
                                         joinedload(RoleAssignment.municipality),
                                         joinedload(RoleAssignment.region)))
    if not text:
        return query
    number = text.removeprefix("№").strip()
    if number.isascii() and number.isdigit():
        return query.where(User.id == int(number)) if int(number) <= MAX_ID \
            else query.where(false())
    if "@" in text:
        return query.where(func.lower(User.email).contains(text.lower(), autoescape=True))
    held_at = select(RoleAssignment.user_id).outerjoin(RoleAssignment.school) \
        .outerjoin(Municipality, Municipality.id == RoleAssignment.municipality_id) \
        .outerjoin(Region, Region.id == RoleAssignment.region_id) \
        .where(or_(School.short_name.icontains(text, autoescape=True),
                   School.name.icontains(text, autoescape=True),
                   School.code == text,
                   Municipality.name.icontains(text, autoescape=True),
                   Municipality.code == text,
                   Region.name.icontains(text, autoescape=True), Region.code == text))
    return query.where(or_(User.id.in_(held_at),
                           func.lower(User.email).contains(text.lower(), autoescape=True)))


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserForm(place=request.args.get("place", ""))
    if carried_out(form, lambda: add_person(form, current_user), lambda message: message):
        return redirect(url_for(".users"))
    text = search_text()
    page = paged(_users_query(text), text)
    return render_template("admin/users.html", form=form, rows=page.rows, page=page), \
        400 if form.errors else 200


def add_person(form: UserForm, by: User) -> str:
    """Open the account of a new address, or give the role to the account that has it."""
    role = Role(form.role.data)
    place = resolve_place(role, form.place.data)
    user = find_account(form.email.data)
    if user is None:
        missing = {name: [message] for name, message in (
            ("full_name", "Укажите ФИО для новой учётной записи."),
            ("password", "Задайте пароль для новой учётной записи.")) if not form[name].data}
        if missing:
            raise Rejected(missing)
        user = open_account(form.email.data, form.full_name.data, form.password.data)
        done = f"Учётная запись № {user.id} создана"
    else:
        done = f"Учётной записи № {user.id} добавлена роль"
    grant_role(user, role, place, by)
    return f"{done}: {role.label} — {place.name if place else 'вся платформа'}." \
        + _linked_note(user, role, place)


def _linked_note(user: User, role: Role, place) -> str:
    """A mentor's or mentee's account is tied to the teacher of the school's list who
    bears the name typed here (the capability that keeps the list decides)."""
    if not isinstance(place, School) or role not in PROGRAMME_ROLES:
        return ""
    answers = [linked for _, linked in programme_role_granted.send(user=user, school=place)]
    if any(answers):
        return " Учётная запись связана с педагогом из списка школы."
    return (" В списке педагогов школы нет ровно одного педагога с таким ФИО: свяжет "
            "куратор, пригласив педагога со страницы «Педагоги».")


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    account = db.get_or_404(User, user_id)
    form = AccountForm(prefix="account")
    if carried_out(form, lambda: update_account(account, form.full_name.data, form.email.data,
                                                current_user), "Учётная запись сохранена."):
        return redirect(url_for(".user", user_id=account.id))
    return _user_page(account, form, RoleForm(prefix="role"))


def _user_page(account: User, form: AccountForm, role_form: RoleForm):
    if not kept_by_the_school(account) and form.full_name.data is None:
        form.full_name.data, form.email.data = account.full_name, account.email
    bad = form.errors or role_form.errors
    return render_template("admin/user.html", account=account, form=form, role_form=role_form,
                           action=ActionForm()), 400 if bad else 200


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
def add_role(user_id: int):
    account = db.get_or_404(User, user_id)
    form = RoleForm(prefix="role")

    def grant() -> str:
        role = Role(form.role.data)
        place = resolve_place(role, form.place.data)
        grant_role(account, role, place, current_user)
        return f"Роль добавлена: {role.label} — {place.name if place else 'вся платформа'}." \
            + _linked_note(account, role, place)

    if carried_out(form, grant, lambda message: message):
        return redirect(url_for(".user", user_id=account.id))
    return _user_page(account, AccountForm(prefix="account", formdata=None), form)


@bp.route("/users/<int:user_id>/roles/<int:assignment_id>/remove", methods=["POST"])
def remove_role(user_id: int, assignment_id: int):
    account = db.get_or_404(User, user_id)
    assignment = db.session.scalar(select(RoleAssignment).where(
        RoleAssignment.id == assignment_id, RoleAssignment.user_id == account.id))
    form = ActionForm()
    if assignment is None:
        flash("Этой роли у учётной записи уже нет: обновите страницу.", "warning")
    elif not carried_out(form, lambda: revoke_role(account, assignment, current_user),
                         "Роль снята."):
        flash_refusal(form)
    return redirect(url_for(".user", user_id=account.id))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
def reset_link(user_id: int):
    return issue_reset_link(db.get_or_404(User, user_id), None,
                            url_for(".user", user_id=user_id))


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
    return redirect(url_for(".user", user_id=user.id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
