"""Tenant filtering happens in one place, for every query, without the view asking."""

import pytest
from flask import g
from sqlalchemy import func, select, update

from nastavnik.extensions import db
from nastavnik.platform.roles import Level
from nastavnik.platform.tenancy import OutOfScopeWrite, Scope
from nastavnik.tenants.teachers.models import Teacher


@pytest.fixture
def two_schools(make_municipality, make_school):
    municipality = make_municipality("mun")
    a, b = make_school("a", municipality), make_school("b")
    for school, names in ((a, ["Смирнова", "Кузнецова"]), (b, ["Попова"])):
        db.session.add_all(Teacher(school_id=school.id, last_name=n, first_name="Анна")
                           for n in names)
    db.session.commit()
    return a, b


def test_school_scope_sees_only_its_teachers(two_schools):
    a, _b = two_schools
    g.scope = Scope.of(a)
    names = db.session.scalars(select(Teacher.last_name).order_by(Teacher.last_name)).all()
    assert names == ["Кузнецова", "Смирнова"]
    assert db.session.scalar(select(func.count()).select_from(Teacher)) == 2


def test_municipality_scope_sees_its_schools_only(two_schools):
    a, _b = two_schools
    g.scope = Scope.of(a.municipality)
    assert len(db.session.scalars(select(Teacher)).all()) == 2


def test_no_scope_outside_a_request_sees_everything(two_schools):
    assert len(db.session.scalars(select(Teacher)).all()) == 3


def test_get_by_id_of_another_school_finds_nothing(two_schools):
    _a, b = two_schools
    foreign_id = db.session.scalar(select(Teacher.id).where(Teacher.school_id == b.id))
    g.scope = Scope.of(two_schools[0])
    db.session.expunge_all()
    assert db.session.scalars(select(Teacher).where(Teacher.id == foreign_id)).first() is None


def test_bulk_update_cannot_touch_another_school(two_schools):
    a, _b = two_schools
    g.scope = Scope.of(a)
    db.session.execute(update(Teacher).values(position="завуч"))
    db.session.commit()
    g.scope = None
    positions = dict(db.session.execute(select(Teacher.last_name, Teacher.position)).all())
    assert positions["Попова"] == "учитель"
    assert positions["Смирнова"] == "завуч"


def test_writing_a_row_of_another_school_is_refused(two_schools):
    a, b = two_schools
    g.scope = Scope.of(a)
    db.session.add(Teacher(school_id=b.id, last_name="Чужая", first_name="Ольга"))
    with pytest.raises(OutOfScopeWrite):
        db.session.flush()
    db.session.rollback()


def test_platform_scope_is_unfiltered(two_schools):
    g.scope = Scope(Level.PLATFORM)
    assert len(db.session.scalars(select(Teacher)).all()) == 3


def test_a_row_already_loaded_from_another_school_is_still_404(two_schools):
    from werkzeug.exceptions import NotFound

    from nastavnik.platform.tenancy import in_scope_or_404

    a, b = two_schools
    foreign = db.session.scalars(select(Teacher).where(Teacher.school_id == b.id)).one()
    g.scope = Scope.of(a)  # the foreign row sits in the identity map, loaded unscoped
    with pytest.raises(NotFound):
        in_scope_or_404(Teacher, foreign.id)
    own = db.session.scalars(select(Teacher).where(Teacher.school_id == a.id)).first()
    assert in_scope_or_404(Teacher, own.id) is own
