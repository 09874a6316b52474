"""Who reaches which material and session: the one place that filters them by place.

Materials and sessions are not ``SchoolOwned`` (shared rows belong to no school, see
``models.py``), so the tenant filter does not confine them; every query of them is built
here. A school reaches its own rows and those shared by its municipality and its region,
never another school's; a municipality or a region manages only the rows it shares.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from nastavnik.extensions import db
from nastavnik.platform.models import Municipality, Region, School
from nastavnik.tenants.training.models import TrainingMaterial, TrainingSession

Place = School | Municipality | Region


def reachable_from(model: type, school: School) -> ColumnElement[bool]:
    """Rows of ``model`` a school reads: its own, its municipality's, its region's."""
    return or_(model.school_id == school.id,
               and_(model.school_id.is_(None), model.municipality_id == school.municipality_id),
               and_(model.school_id.is_(None), model.municipality_id.is_(None),
                    model.region_id == school.region_id))


def owned_by(model: type, place: Place) -> ColumnElement[bool]:
    """Rows of ``model`` that are ``place``'s own (it added them, it may remove them)."""
    if isinstance(place, School):
        return model.school_id == place.id
    if isinstance(place, Municipality):
        return and_(model.municipality_id == place.id, model.school_id.is_(None))
    return and_(model.region_id == place.id, model.municipality_id.is_(None))


def placement(place: Place) -> dict[str, int | None]:
    """The columns that place a new row of ``place``."""
    if isinstance(place, School):
        return {"region_id": place.region_id, "municipality_id": place.municipality_id,
                "school_id": place.id}
    if isinstance(place, Municipality):
        return {"region_id": place.region_id, "municipality_id": place.id, "school_id": None}
    return {"region_id": place.id, "municipality_id": None, "school_id": None}


def school_library(school: School) -> list[TrainingMaterial]:
    """The materials a school's people may read: its own first, then the shared ones."""
    return list(db.session.scalars(
        select(TrainingMaterial).where(reachable_from(TrainingMaterial, school))
        .order_by(TrainingMaterial.school_id.is_(None), TrainingMaterial.municipality_id.is_(None),
                  TrainingMaterial.title, TrainingMaterial.id)))


def shared_library(place: Municipality | Region) -> list[TrainingMaterial]:
    return list(db.session.scalars(
        select(TrainingMaterial).where(owned_by(TrainingMaterial, place))
        .order_by(TrainingMaterial.title, TrainingMaterial.id)))


def material_of_school(school: School, material_id: int) -> TrainingMaterial | None:
    return db.session.scalar(select(TrainingMaterial).where(
        TrainingMaterial.id == material_id, reachable_from(TrainingMaterial, school)))


def material_of_place(place: Municipality | Region, material_id: int) -> TrainingMaterial | None:
    return db.session.scalar(select(TrainingMaterial).where(
        TrainingMaterial.id == material_id, owned_by(TrainingMaterial, place)))


def school_sessions(school: School) -> list[TrainingSession]:
    """The school's own sessions and its municipality's, latest first."""
    return list(db.session.scalars(
        select(TrainingSession).where(reachable_from(TrainingSession, school))
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())))


def municipal_sessions(municipality: Municipality) -> list[TrainingSession]:
    return list(db.session.scalars(
        select(TrainingSession).where(owned_by(TrainingSession, municipality))
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())))


def session_of_school(school: School, session_id: int) -> TrainingSession | None:
    return db.session.scalar(select(TrainingSession).where(
        TrainingSession.id == session_id, reachable_from(TrainingSession, school)))


def session_of_municipality(municipality: Municipality,
                            session_id: int) -> TrainingSession | None:
    return db.session.scalar(select(TrainingSession).where(
        TrainingSession.id == session_id, owned_by(TrainingSession, municipality)))
