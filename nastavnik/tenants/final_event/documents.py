"""What the documents capability prints about the final event and the year's results.

Registered as providers (``documents.providers``) when the app is assembled, so the
documents never import this package. Names stay in the school's own documents."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.events.models import Event
from nastavnik.platform.models import School
from nastavnik.tenants.final_event.models import EventFormat, ParticipantRole
from nastavnik.tenants.final_event.services import event_of, year_pairs
from nastavnik.tenants.pairs.models import PairStatus

FINISHED_ON_TIME = "за успешную реализацию персонализированной программы наставничества " \
                   "в установленный срок"


def pair_counts(school: School, academic_year: int) -> dict[str, int]:
    pairs = year_pairs(school, academic_year)
    return {"pairs_formed": len(pairs),
            "pairs_finished": sum(p.status == PairStatus.FINISHED for p in pairs),
            "pairs_ended_early": sum(p.status == PairStatus.ENDED_EARLY for p in pairs),
            "pairs_active": sum(p.status == PairStatus.ACTIVE for p in pairs)}


def final_event_facts(school: School, academic_year: int) -> dict:
    """The placeholders and tables of the order on the final event, its protocol and the
    справка: the year's pair counts always, the event's facts once it is recorded."""
    values = {key: str(n) for key, n in pair_counts(school, academic_year).items()}
    event = event_of(school, academic_year)
    if event is None:
        return {"values": values}
    mentors, mentees = event.count(ParticipantRole.MENTOR), event.count(ParticipantRole.MENTEE)
    values |= {"event_date": event.held_on.strftime("%d.%m.%Y"),
               "event_format": EventFormat(event.format).in_text,
               "event_mentors": str(mentors), "event_mentees": str(mentees),
               "event_participants": str(mentors + mentees),
               "nominations_count": str(len(event.nominations))}
    return {"values": values,
            "programme": [[item["time"], item["title"]] for item in event.programme],
            "nominations": [[n.title, _nominee_text(n)] for n in event.nominations]}


def _nominee_text(nomination) -> str:
    if nomination.pair is None:
        return f"наставник {nomination.mentor.full_name}"
    mentees = ", ".join(m.teacher.full_name for m in nomination.pair.mentees)
    return f"наставник {nomination.pair.mentor.full_name} и {mentees}"


def encouraged_mentors(school: School, academic_year: int) -> list[dict]:
    """The mentors the year's results single out, each with what for: their pair (group)
    finished its program on time, or a nomination of the final event went to them or to
    their pair. Finished late or ended early alone earns nothing."""
    found: dict[int, dict] = {}

    def merit(mentor, text: str) -> None:
        row = found.setdefault(mentor.id, {"mentor": mentor.full_name,
                                           "mentor_position": mentor.position,
                                           "mentees": [], "merits": []})
        if text not in row["merits"]:
            row["merits"].append(text)
    on_time = finished_on_time(school)
    for pair in year_pairs(school, academic_year):
        if pair.mentor is not None and pair.status == PairStatus.FINISHED \
                and pair.id in on_time:
            merit(pair.mentor, FINISHED_ON_TIME)
    event = event_of(school, academic_year)
    for nomination in event.nominations if event is not None else []:
        merit(nomination.nominee, f"в номинации «{nomination.title}»")
    return list(found.values())


def finished_on_time(school: School) -> set[int]:
    """The pairs whose program finished by its end date: the pair keeps no finishing date,
    its ``pair.finished`` event says whether it was on time."""
    payloads = db.session.scalars(select(Event.payload).where(
        Event.school_id == school.id, Event.type == "pair.finished"))
    return {p["pair"] for p in payloads if p.get("on_time")}
