"""Roles, the level each one is granted at, and their Russian names: one place."""

import enum


class Level(enum.StrEnum):
    PLATFORM = "platform"
    REGION = "region"
    MUNICIPALITY = "municipality"
    SCHOOL = "school"


class Role(enum.StrEnum):
    ADMIN = "admin"
    REGIONAL_OPERATOR = "regional_operator"
    METHODOLOGIST = "methodologist"
    CURATOR = "curator"
    DIRECTOR = "director"
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def level(self) -> Level:
        return ROLE_LEVEL[self]

    @property
    def label(self) -> str:
        return ROLE_LABEL[self]


ROLE_LEVEL = {
    Role.ADMIN: Level.PLATFORM,
    Role.REGIONAL_OPERATOR: Level.REGION,
    Role.METHODOLOGIST: Level.MUNICIPALITY,
    Role.CURATOR: Level.SCHOOL,
    Role.DIRECTOR: Level.SCHOOL,
    Role.MENTOR: Level.SCHOOL,
    Role.MENTEE: Level.SCHOOL,
}

ROLE_LABEL = {
    Role.ADMIN: "Администратор платформы",
    Role.REGIONAL_OPERATOR: "Региональный оператор",
    Role.METHODOLOGIST: "Муниципальный координатор",
    Role.CURATOR: "Куратор наставничества",
    Role.DIRECTOR: "Руководитель ОО",
    Role.MENTOR: "Наставник",
    Role.MENTEE: "Наставляемый",
}

# The people who run a school's programme; mentors and mentees see only their own records.
SCHOOL_STAFF = frozenset({Role.CURATOR, Role.DIRECTOR})
# Who may read a school's programme: its staff, and the levels above it (read-only).
SCHOOL_READERS = SCHOOL_STAFF | {Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN}
