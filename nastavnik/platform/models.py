"""The hierarchy (region → municipality → school), academic years and accounts."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.roles import Level, Role


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # IANA name: the schools' calendar day (consents, deadlines, the academic year) turns
    # at their own midnight, e.g. "Asia/Novosibirsk".
    timezone: Mapped[str] = mapped_column(String(64), default=clock.DEFAULT_ZONE,
                                          server_default=clock.DEFAULT_ZONE)

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="region", order_by="Municipality.name"
    )


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)

    region: Mapped[Region] = relationship(back_populates="municipalities")
    schools: Mapped[list[School]] = relationship(
        back_populates="municipality", order_by="School.short_name"
    )


class School(db.Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    # Denormalised so that region-wide filters and aggregates need no join.
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    # The place of issue of the school's documents («г. Тверь», «с. Ивановское»); empty:
    # taken from the address.
    settlement: Mapped[str] = mapped_column(String(120), default="", server_default="")

    municipality: Mapped[Municipality] = relationship(back_populates="schools")
    region: Mapped[Region] = relationship()


class AcademicYear(db.Model):
    """1 September – 31 August. Rows are made on demand, so a new year needs no release."""

    __tablename__ = "academic_years"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(unique=True)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]

    @property
    def title(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @classmethod
    def current(cls) -> AcademicYear:
        return cls.ensure(clock.current_academic_year())

    @classmethod
    def ensure(cls, start_year: int) -> AcademicYear:
        year = db.session.scalar(select(cls).where(cls.start_year == start_year))
        if year is None:
            year = cls(
                start_year=start_year,
                starts_on=dt.date(start_year, 9, 1),
                ends_on=dt.date(start_year + 1, 8, 31),
            )
            db.session.add(year)
            db.session.flush()
        return year


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """An account. ``session_token`` is part of every session and "remember me" cookie
    (``get_id``): replacing it ends every session of the account on the server, since a
    cookie carrying the old one no longer loads the user.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def holds_session(self, token: str) -> bool:
        return hmac.compare_digest(self.session_token.encode(), token.encode())

    def end_sessions(self) -> None:
        """Sign the account out everywhere: on logout, a new password, deactivation."""
        self.session_token = new_session_token()

    def has_role(self, role: Role) -> bool:
        return any(assignment.role == role for assignment in self.roles)


# Login and every "is this address taken?" look an account up by its lower-cased e-mail:
# without this index each of them read the whole table. Unique, so that two accounts
# never differ by the case of their address alone (a double submit creates one).
Index("uq_users_email_lower", func.lower(User.email), unique=True)


class RoleAssignment(db.Model):
    """A role held at one place of the hierarchy: exactly the level the role belongs to."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "region_id", "municipality_id", "school_id"),
        CheckConstraint(
            "(role = 'admin' AND region_id IS NULL"
            " AND municipality_id IS NULL AND school_id IS NULL)"
            " OR (role = 'regional_operator' AND region_id IS NOT NULL"
            " AND municipality_id IS NULL AND school_id IS NULL)"
            " OR (role = 'methodologist' AND municipality_id IS NOT NULL AND school_id IS NULL)"
            " OR (role IN ('curator', 'director', 'mentor', 'mentee') AND school_id IS NOT NULL)",
            name="role_matches_level",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(String(32))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)

    user: Mapped[User] = relationship(back_populates="roles")
    region: Mapped[Region | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    school: Mapped[School | None] = relationship()

    @classmethod
    def at(cls, role: Role, place: Region | Municipality | School | None = None) -> RoleAssignment:
        """Build an assignment for ``role`` at ``place``, filling the parent levels too."""
        assignment = cls(role=Role(role))
        level = assignment.role.level
        expected = {
            Level.PLATFORM: type(None),
            Level.REGION: Region,
            Level.MUNICIPALITY: Municipality,
            Level.SCHOOL: School,
        }[level]
        if not isinstance(place, expected):
            raise ValueError(f"role {role} is held at the {level} level")
        if isinstance(place, School):
            assignment.school, assignment.municipality_id, assignment.region_id = (
                place, place.municipality_id, place.region_id)
        elif isinstance(place, Municipality):
            assignment.municipality, assignment.region_id = place, place.region_id
        elif isinstance(place, Region):
            assignment.region = place
        return assignment

    @property
    def place_name(self) -> str:
        place = self.school or self.municipality or self.region
        return place.name if place else "вся платформа"
