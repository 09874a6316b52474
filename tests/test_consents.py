"""Consents (152-ФЗ): recorded before a bank, withdrawn with erasure, printable, listable."""

import datetime as dt
import io
import subprocess

import pytest
from bank_helpers import MENTEE_ANSWERS, MENTOR_ANSWERS, consented, count, events_of, post, teacher
from conftest import AUTUMN_2026
from docx import Document
from marshmallow import ValidationError

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.roles import Role
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.services import enter_mentee, enter_mentor
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.services import (
    give_consent,
    teachers_without_consent,
    withdraw_consent,
)
from nastavnik.tenants.questionnaires.models import Answer


def test_consent_is_recorded_with_its_event_once(make_school):
    school = make_school()
    person = consented(teacher(school), "mentee_bank")
    [consent] = db.session.query(ConsentRecord).all()
    assert (consent.purpose, consent.form_reference, consent.given_on) == (
        "mentee_bank", "№ 12", clock.today())
    assert "фамилия, имя, отчество" in consent.scope
    [event] = events_of("consent.given")
    assert event.payload == {"teacher": str(person.pseudonym), "bank": "mentees"}
    with pytest.raises(ValidationError) as error:
        give_consent(person, "mentee_bank", given_on=clock.today(), form_reference="№ 13")
    assert error.value.messages == {"purpose": ["Согласие для этой цели уже оформлено."]}


@pytest.mark.parametrize(("fields", "message"), [
    ({"given_on": AUTUMN_2026 + dt.timedelta(days=1), "form_reference": "№ 1"},
     "Дата не может быть в будущем."),
    ({"given_on": "вчера", "form_reference": "№ 1"}, "Дата указана неверно."),
    ({"given_on": dt.date(1926, 11, 27), "form_reference": "№ 1"},
     "Дата раньше 27 июля 2006 г."),
    ({"given_on": AUTUMN_2026, "form_reference": "  "},
     "Укажите номер или отметку подписанного бланка (до 200 символов)."),
])
def test_bad_consent_input_is_refused_in_russian(make_school, fields, message, autumn_2026):
    person = teacher(make_school())
    with pytest.raises(ValidationError) as error:
        give_consent(person, "mentee_bank", **fields)
    assert message in str(error.value.messages)
    db.session.commit()
    assert count(ConsentRecord) == 0 and events_of("consent.given") == []


def test_withdrawal_erases_the_person_and_keeps_the_aggregates(make_school):
    school = make_school()
    person = consented(teacher(school, "Кузнецова", "Ольга"), "mentee_bank")
    pseudonym = person.pseudonym
    enter_mentee(person, MENTEE_ANSWERS)
    db.session.commit()
    entered_before = [e.payload for e in events_of("mentee.entered")]

    withdraw_consent(person, "mentee_bank")
    db.session.commit()
    db.session.expire_all()

    assert (person.last_name, person.first_name, person.middle_name) == ("Удалено", "Удалено", "")
    assert person.birth_year is None and person.teaching_since is None
    assert person.pseudonym == pseudonym
    texts = [a.text for a in db.session.query(Answer) if a.question.kind == "text"]
    assert texts == [None]
    entry = db.session.query(MenteeEntry).one()
    assert entry.status == "withdrawn"
    assert entry.difficulties == ["methods", "parents"]  # coded, non-identifying, kept
    assert [e.payload for e in events_of("mentee.entered")] == entered_before
    assert [e.payload for e in events_of("consent.withdrawn")] == [
        {"teacher": str(pseudonym), "bank": "mentees"}]
    assert [e.payload["status"] for e in events_of("mentee.status_changed")] == ["withdrawn"]
    assert len(events_of("teacher.anonymised")) == 1

    with pytest.raises(ValidationError) as error:
        enter_mentee(person, MENTEE_ANSWERS)
    assert "нет действующего согласия" in error.value.messages["consent"][0]
    consented(person, "mentee_bank")
    assert enter_mentee(person, MENTEE_ANSWERS).status == "waiting"


def test_withdrawing_one_bank_keeps_the_name_while_another_consent_stands(make_school):
    school = make_school()
    person = consented(teacher(school, "Орлов", "Пётр"), "mentee_bank", "mentor_bank")
    enter_mentor(person, MENTOR_ANSWERS)
    db.session.commit()
    withdraw_consent(person, "mentor_bank")
    db.session.commit()
    assert person.last_name == "Орлов"
    assert [a.text for a in db.session.query(Answer) if a.question.kind == "text"] == [None]
    assert events_of("teacher.anonymised") == []


def test_school_lists_teachers_without_consent(make_school, make_user, logged_in):
    school = make_school()
    consented(teacher(school, "Белова", "Анна"), "mentee_bank")
    teacher(school, "Голубев", "Илья")
    assert [t.last_name for t in teachers_without_consent(school, "mentee_bank")] == ["Голубев"]
    assert {t.last_name for t in teachers_without_consent(school, "mentor_bank")} == {
        "Белова", "Голубев"}

    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(f"/s/{school.slug}/consents/?purpose=mentee_bank&missing=1")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Голубев" in text and "Белова" not in text


def test_curator_records_and_withdraws_consent_through_the_pages(make_school, make_user,
                                                                 logged_in):
    school = make_school()
    person = teacher(school, "Лебедева", "Вера")
    client = logged_in(make_user(Role.CURATOR, school))
    give = f"/s/{school.slug}/consents/{person.id}/mentee_bank"

    response = post(client, give, {"given_on": clock.today().isoformat(),
                                   "form_reference": ""})
    assert response.status_code == 400
    assert "Укажите номер или отметку подписанного бланка." in response.get_data(as_text=True)
    assert count(ConsentRecord) == 0

    response = post(client, give, {"given_on": clock.today().isoformat(),
                                   "form_reference": "№ 7 от сегодня", "scope": ""})
    assert response.status_code == 302
    consent = db.session.query(ConsentRecord).one()
    assert consent.recorded_by is not None and consent.form_reference == "№ 7 от сегодня"

    response = post(client, give + "/withdraw", {"withdrawn_on": "2010-01-01"})
    assert response.status_code == 400
    assert "Согласие нельзя отозвать раньше, чем оно дано." in response.get_data(as_text=True)
    response = post(client, give + "/withdraw", {"withdrawn_on": clock.today().isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_on == clock.today()


def test_printable_consent_form_names_the_teacher_and_the_school(make_school, make_user,
                                                                 logged_in, tmp_path):
    school = make_school(name="МБОУ «Средняя школа № 3»")
    person = teacher(school, "Морозова", "Дарья", middle_name="Олеговна")
    client = logged_in(make_user(Role.DIRECTOR, school))
    base = f"/s/{school.slug}/consents/{person.id}/mentor_bank/form"

    pdf = client.get(base + ".pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    path = tmp_path / "consent.pdf"
    path.write_bytes(pdf.data)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Морозова Дарья Олеговна" in text
    assert "МБОУ «Средняя школа № 3»" in text
    assert "152-ФЗ" in text and "письменного заявления" in text

    docx = client.get(base + ".docx")
    assert docx.status_code == 200
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Морозова Дарья Олеговна" in paragraphs and "МБОУ «Средняя школа № 3»" in paragraphs
    assert client.get(base + ".odt").status_code == 404
    assert client.get(f"/s/{school.slug}/consents/{person.id}/anything/form.pdf"
                      ).status_code == 404


@pytest.mark.parametrize("outsider", ["curator of another school", "methodologist"])
def test_consent_pages_are_hidden_from_other_schools_and_the_municipality(
        make_school, make_user, logged_in, outsider):
    school = make_school("school-a")
    other = make_school("school-b", municipality=school.municipality)
    person = teacher(school)
    client = logged_in(make_user(Role.CURATOR, other) if outsider.startswith("curator")
                       else make_user(Role.METHODOLOGIST, school.municipality))
    assert client.get(f"/s/{school.slug}/consents/").status_code == 404
    assert client.get(f"/s/{school.slug}/consents/{person.id}/mentee_bank/form.pdf"
                      ).status_code == 404
    # Through a school it may reach, the teacher of another school is still not found.
    assert client.get(f"/s/{other.slug}/consents/{person.id}/mentee_bank/form.pdf"
                      ).status_code == 404


def test_the_consent_pages_lead_back_to_the_list(make_school, make_user, logged_in):
    school = make_school()
    person = teacher(school)
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(f"/s/{school.slug}/consents/{person.id}/mentee_bank").get_data(
        as_text=True)
    assert f'<a href="/s/{school.slug}/consents/?purpose=mentee_bank">Согласия</a>' in page
    consented(person)
    page = client.get(f"/s/{school.slug}/consents/{person.id}/mentee_bank/withdraw").get_data(
        as_text=True)
    assert f'<a href="/s/{school.slug}/consents/?purpose=mentee_bank">Согласия</a>' in page
