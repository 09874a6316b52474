"""The front page: a public introduction, or the places a signed-in user works in."""

from flask import Blueprint, Flask, render_template, url_for
from flask_login import current_user

from nastavnik.platform.pipeline import Standing, blueprint_stands_in
from nastavnik.platform.roles import Level, Role

bp = blueprint_stands_in(Blueprint("web", __name__, template_folder="templates"),
                         Standing.PUBLIC)


def place_link(assignment) -> str:
    role = Role(assignment.role)
    if role.level is Level.SCHOOL:
        return url_for("school.school_home", school_slug=assignment.school.slug)
    if role.level is Level.MUNICIPALITY:
        return url_for("municipality.municipality_home",
                       municipality_slug=assignment.municipality.slug)
    if role.level is Level.REGION:
        return url_for("region.region_home", region_slug=assignment.region.slug)
    return url_for("admin.index")


def landing(user) -> str:
    """Where ``user`` goes after login: the page of their one place (however many roles
    they hold there), or the chooser of their places when they have several or none."""
    places = {place_link(assignment) for assignment in user.roles}
    return places.pop() if len(places) == 1 else url_for("web.home")


@bp.route("/")
def home():
    places = []
    if current_user.is_authenticated:
        places = [(a, place_link(a)) for a in current_user.roles]
    return render_template("home.html", places=places)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(place_link, "place_link")
    app.add_template_global(Role, "Role")
