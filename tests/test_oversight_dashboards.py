"""The municipal and regional dashboards read a small hand-built log and show its exact
figures: headline with the change since the 1st of the month, the stage matrix, the risks,
the charts, the indicator table, a school's summary and the ranking of municipalities.
Numbers only: no teacher's name ever reaches them."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
from bank_helpers import teacher
from conftest import csrf_token
from test_statement_counts import counted_statements

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import append_batch
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
from nastavnik.platform.roles import Role
from nastavnik.workers.projections import advance, find, projections

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _autumn(travel_to):
    travel_to(TODAY)


def log(school, type_: str, payload: dict, on: str) -> None:
    """One event as the school's services would have written it, on the day ``on``."""
    append_batch(db.session, [{
        "event_id": uuid.uuid4(), "school_id": school.id,
        "municipality_id": school.municipality_id, "region_id": school.region_id,
        "academic_year": 2026, "stream": f"test:{type_}", "type": type_,
        "version": lookup(type_).version, "payload": payload, "actor_id": None,
        "occurred_at": clock.at_noon(dt.date.fromisoformat(on))}])


def catch_up() -> None:
    db.session.commit()
    for name in STATE_PROJECTIONS:
        advance(find(name))


def added(school, on: str, young: bool) -> str:
    pseudonym = str(uuid.uuid4())
    log(school, "teacher.added", {"teacher": pseudonym, "young_specialist": young,
                                  "age_band": "under_35" if young else "35_60"}, on)
    return pseudonym


def roadmap(school, windows: dict[str, str]) -> None:
    log(school, "roadmap.created", {
        "academic_year": 2026, "activities": len(windows), "municipal_template": False,
        "codes": list(windows), "due_from": ["2026-09-01"] * len(windows),
        "due_to": list(windows.values())}, "2026-09-01")


def done(school, code: str, due_to: str, on: str) -> None:
    log(school, "roadmap.activity_updated", {
        "activity": code, "academic_year": 2026, "status": "done", "automatic": False,
        "due_from": "2026-09-01", "due_to": due_to, "completed_on": on}, on)


@pytest.fixture
def world(make_region, make_municipality, make_school):
    """Two municipalities. In «Северный»: Альфа — 4 teachers (3 young, one of them paired,
    one hired on 10 November), a curator, the Regulation, stage 2 overdue; Бета — 1 young
    specialist waiting for a mentor, no curator, no pairs, its roadmap done. In «Южный»:
    Гамма — one mentor and one young mentee in a group, a curator."""
    region = make_region("reg-d", name="Область Тестовая")
    north = make_municipality("north", region, name="Северный округ")
    south = make_municipality("south", region, name="Южный округ")
    alpha = make_school("alpha", north, short_name="Школа Альфа")
    beta = make_school("beta", north, short_name="Школа Бета")
    gamma = make_school("gamma", south, short_name="Школа Гамма")

    young_a, young_b = added(alpha, "2026-09-01", True), added(alpha, "2026-09-01", True)
    mentor = added(alpha, "2026-09-01", False)
    added(alpha, "2026-11-10", True)
    log(alpha, "pair.formed", {"pair": 1, "mentor": mentor, "mentees": [young_a],
                               "form": "traditional", "group": False,
                               "starts_on": "2026-10-01", "ends_on": "2027-05-31"},
        "2026-10-01")
    log(alpha, "account.role_granted", {"account": 901, "role": "curator"}, "2026-09-01")
    log(alpha, "document.approved", {"document": 10, "kind": "regulation",
                                     "academic_year": 2026, "number": "12-од",
                                     "date": "2026-09-05", "approved_on": "2026-09-05"},
        "2026-09-05")
    roadmap(alpha, {"1.1": "2026-09-30", "2.1": "2026-10-31", "2.2": "2026-10-31",
                    "3.1": "2027-05-31"})
    done(alpha, "1.1", "2026-09-30", "2026-09-20")
    assert young_b

    waiting = added(beta, "2026-09-01", True)
    log(beta, "mentee.entered", {"teacher": waiting, "difficulties": [],
                                 "category": "young_specialist", "young_specialist": True,
                                 "age_band": "under_35", "experience_band": "0_3"},
        "2026-10-15")
    roadmap(beta, {"1.1": "2026-09-30"})
    done(beta, "1.1", "2026-09-30", "2026-09-29")

    g_mentor, g_mentee = added(gamma, "2026-09-01", False), added(gamma, "2026-09-01", True)
    log(gamma, "pair.formed", {"pair": 2, "mentor": g_mentor, "mentees": [g_mentee],
                               "form": "traditional", "group": True,
                               "starts_on": "2026-11-05", "ends_on": "2027-05-31"},
        "2026-11-05")
    log(gamma, "account.role_granted", {"account": 902, "role": "curator"}, "2026-09-01")
    catch_up()
    return {"region": region, "north": north, "south": south, "alpha": alpha, "beta": beta,
            "gamma": gamma}


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def part(page: str, element_id: str) -> str:
    """The element with ``id`` (up to its own closing tag of the same name)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"', page)
    assert match, f"no #{element_id}"
    tag, depth = match.group(1), 0
    for found in re.finditer(rf"<(/?){tag}\b", page[match.start():]):
        depth += -1 if found.group(1) else 1
        if not depth:
            return page[match.start():match.start() + found.start()]
    raise AssertionError(f"#{element_id} is not closed")


def row_of(table: str, name: str) -> list[str]:
    """The cells of the row whose header is ``name``, as text."""
    for row in table.split("<tr")[1:]:
        cells = [text_of(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name}")


def cell(page: str, row_name: str, code: str) -> str:
    table = part(page, "indicators")
    for row in table.split("<tr")[1:]:
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if head and text_of(head.group(1)).strip() == row_name:
            value = re.search(rf'data-code="{code}">(.*?)</td>', row, re.S)
            return text_of(value.group(1)).strip()
    raise AssertionError(f"no row {row_name}")


@pytest.fixture
def methodologist(world, make_user, logged_in):
    return logged_in(make_user(Role.METHODOLOGIST, world["north"], full_name="Контролёр Ольга"))


# The municipal dashboard ------------------------------------------------------------------

def test_the_headline_shows_the_figures_and_the_change_since_the_first(methodologist):
    page = methodologist.get("/m/north/").get_data(as_text=True)
    headline = text_of(part(page, "headline"))
    # 5 teachers (4 in Альфа, 1 in Бета), one hired after 1 November.
    assert "Педагогических работников 5 с 1 ноября: +1" in headline
    assert "Молодых специалистов 4 с 1 ноября: +1" in headline
    # One of four young specialists paired: 25 %; on 1 November one of three: 33,3 %.
    assert "Охват молодых специалистов наставничеством 25 % 1 из 4 с 1 ноября: −8,3 п.п." \
        in headline
    assert "Действующих пар и групп 1 с 1 ноября: без изменений" in headline
    assert "Ожидают наставника 1 с 1 ноября: без изменений" in headline
    assert "Просрочено мероприятий дорожной карты 2 с 1 ноября: без изменений" in headline
    assert "Назначен куратор наставничества 50 % 1 из 2" in headline
    assert "Утверждено обязательных документов 5 % 1 из 20" in headline
    assert "данные на" in text_of(part(page, "freshness"))
    assert "отставание 0 с" in text_of(part(page, "freshness"))


def test_the_stage_matrix_shows_each_state_in_words(methodologist):
    matrix = part(methodologist.get("/m/north/").get_data(as_text=True), "matrix")
    alpha = row_of(matrix, "Школа Альфа")
    assert alpha[1] == "выполнен 1 из 1"
    assert alpha[2] == "просрочка 0 из 2, просрочено 2"
    assert alpha[3] == "в срок 0 из 1"
    assert alpha[4:8] == ["нет"] * 4
    assert alpha[8] == "2"
    beta = row_of(matrix, "Школа Бета")
    assert beta[1] == "выполнен 1 из 1" and beta[2] == "нет" and beta[8] == "0"
    assert 'class="text-center table-danger" title="есть просроченные мероприятия"' in matrix


def test_the_matrix_sorts_by_its_columns_without_script(methodologist):
    page = methodologist.get("/m/north/").get_data(as_text=True)
    names = re.findall(r"Школа (Альфа|Бета)", part(page, "matrix"))
    assert names == ["Альфа", "Бета"]
    assert 'href="/m/north/?sort=overdue"' in page
    # Stage 3: Альфа works on time, Бета has no activity there — «нет» comes first.
    page = methodologist.get("/m/north/?sort=stage-3").get_data(as_text=True)
    assert re.findall(r"Школа (Альфа|Бета)", part(page, "matrix")) == ["Бета", "Альфа"]
    # Stage 2: Альфа is overdue, Бета has no activity there — the overdue comes first.
    page = methodologist.get("/m/north/?sort=stage-2").get_data(as_text=True)
    assert re.findall(r"Школа (Альфа|Бета)", part(page, "matrix")) == ["Альфа", "Бета"]
    page = methodologist.get("/m/north/?sort=stage-9&as_of=2026-11-20").get_data(as_text=True)
    assert re.findall(r"Школа (Альфа|Бета)", part(page, "matrix")) == ["Альфа", "Бета"]
    assert 'href="/m/north/?as_of=2026-11-20&amp;sort=overdue"' in page  # keeps the date


def test_the_school_with_overdue_work_leads_the_risks_with_its_reasons(methodologist):
    risks = part(methodologist.get("/m/north/").get_data(as_text=True), "risks")
    items = [text_of(li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", risks, re.S)]
    assert items == [
        "Школа Альфа : просрочены мероприятия этапа 2 (2 мероприятия); "
        "молодые специалисты без наставника: 2",
        "Школа Бета : не назначен куратор наставничества; молодые специалисты без "
        "наставника: 1; нет действующих пар и групп",
    ]


def test_the_charts_are_svg_with_a_text_alternative(methodologist):
    page = methodologist.get("/m/north/").get_data(as_text=True)
    coverage = part(page, "chart-coverage")
    assert "<svg" in coverage and 'role="img"' in coverage
    assert "Школа Альфа: 33,3 % (1 из 3)" in text_of(coverage)
    assert "Школа Бета: 0 % (0 из 1)" in text_of(coverage)
    forms = text_of(part(page, "chart-forms"))
    assert "Пары и группы по формам наставничества" in forms
    assert "1 (100 %)" in forms
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]  # no chart script


def test_the_indicator_table_has_a_row_per_school_and_a_total(methodologist):
    page = methodologist.get("/m/north/").get_data(as_text=True)
    assert cell(page, "Школа Альфа", "teachers") == "4"
    assert cell(page, "Школа Бета", "teachers") == "1"
    assert cell(page, "Итого", "teachers") == "5"
    assert cell(page, "Школа Альфа", "young_with_mentor") == "33,3 %"
    assert cell(page, "Итого", "young_with_mentor") == "25 %"
    assert cell(page, "Школа Альфа", "curator_appointed") == "да"
    assert cell(page, "Школа Бета", "curator_appointed") == "нет"
    assert cell(page, "Итого", "curator_appointed") == "50 %"
    assert cell(page, "Школа Бета", "waiting_days") == "43"  # since 15 October
    assert cell(page, "Школа Альфа", "waiting_days") == "—"
    assert "Педагоги" in part(page, "indicators")  # the section heads


def test_a_past_date_shows_the_figures_of_that_day(methodologist):
    page = methodologist.get("/m/north/?as_of=2026-10-20").get_data(as_text=True)
    assert "По состоянию на 20 октября 2026 г." in text_of(page)
    assert cell(page, "Итого", "teachers") == "4"
    assert cell(page, "Итого", "activities_overdue") == "0"
    assert "с 1 октября" in text_of(part(page, "headline"))
    alpha = row_of(part(page, "matrix"), "Школа Альфа")
    assert alpha[2] == "в срок 0 из 2"
    page = methodologist.get("/m/north/?year=2025").get_data(as_text=True)
    assert "По состоянию на 31 августа 2026 г. · 2025/2026 учебный год" in text_of(page)
    assert cell(page, "Итого", "teachers") == "0"


@pytest.mark.parametrize(("query", "message"), [
    ("as_of=27.11.2026", "Дата «27.11.2026» не распознана"),
    ("as_of=2027-01-10", "Дата 10 января 2027 г. ещё не наступила"),
    ("as_of=1999-01-01", "Данные доступны с 1 сентября 2022 г."),
    ("as_of=%3Cscript%3E", "Дата «<script>» не распознана"),
    ("year=abc", "Учебный год «abc» недоступен"),
    ("year=2099", "Учебный год «2099» недоступен"),
    ("year=2025&as_of=2026-11-01", "не относится к 2025/2026 учебному году"),
])
def test_a_bad_date_gets_a_message_and_todays_figures(methodologist, query, message):
    response = methodologist.get(f"/m/north/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in text_of(part(page, "snapshot-message"))
    assert "<script>" not in page.split("<main", 1)[1]


# A school's summary ---------------------------------------------------------------------

def test_the_school_summary_shows_numbers_states_and_documents(methodologist):
    page = methodologist.get("/m/north/schools/alpha/").get_data(as_text=True)
    assert cell_of_summary(page, "teachers") == "4"
    assert cell_of_summary(page, "has_regulation") == "да"
    assert cell_of_summary(page, "has_roadmap") == "нет"
    stages = part(page, "stages")
    assert 'data-state="overdue">есть просроченные мероприятия' in stages
    assert 'data-state="done">выполнен' in stages
    documents = part(page, "documents")
    regulation = re.search(r'data-kind="regulation">(.*?)</tr>', documents, re.S).group(1)
    assert text_of(regulation).split() == ["Положение", "о", "системе", "наставничества",
                                           "12-од", "5", "сентября", "2026", "г."]
    roadmap_doc = re.search(r'data-kind="roadmap">(.*?)</tr>', documents, re.S).group(1)
    assert text_of(roadmap_doc).strip().endswith("нет")
    assert 'href="/m/north/schools/alpha/"' in methodologist.get("/m/north/").get_data(
        as_text=True)


def cell_of_summary(page: str, code: str) -> str:
    return text_of(re.search(rf'data-code="{code}">(.*?)</td>', page, re.S).group(1)).strip()


def test_the_summary_and_the_dashboard_stay_in_their_municipality(world, make_user, client,
                                                                   logged_in):
    logged_in(make_user(Role.METHODOLOGIST, world["north"]))
    assert client.get("/m/north/schools/gamma/").status_code == 404
    assert client.get("/m/north/schools/nowhere/").status_code == 404
    assert client.get("/m/south/").status_code == 404
    assert client.get("/m/south/schools/gamma/").status_code == 404
    assert client.get("/r/reg-d/").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/m/north/")})
    logged_in(make_user(Role.METHODOLOGIST, world["south"]))
    assert client.get("/m/north/").status_code == 404
    assert client.get("/m/north/schools/alpha/").status_code == 404
    assert client.get("/m/south/schools/gamma/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/m/south/")})
    logged_in(make_user(Role.CURATOR, world["alpha"]))
    assert client.get("/m/north/").status_code == 404


def test_no_teacher_name_reaches_any_dashboard(world, make_user, client, logged_in):
    teacher(world["alpha"], last_name="Засекречена", first_name="Ульяна")
    teacher(world["gamma"], last_name="Невидимова", first_name="Ульяна")
    make_user(Role.CURATOR, world["alpha"], full_name="Куратова Алла Львовна")
    for projection in projections():
        advance(projection)
    logged_in(make_user(Role.REGIONAL_OPERATOR, world["region"], full_name="Оператор Ольга"))
    pages = ["/r/reg-d/", "/r/reg-d/?as_of=2026-11-02", "/r/reg-d/municipalities/north/",
             "/m/north/", "/m/south/", "/m/north/schools/alpha/", "/m/south/schools/gamma/",
             "/m/north/?sort=overdue"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        for name in ("Засекречена", "Невидимова", "Ульяна", "Куратова"):
            assert name not in page, (path, name)


# The regional dashboard --------------------------------------------------------------------

@pytest.fixture
def operator(world, make_user, logged_in):
    return logged_in(make_user(Role.REGIONAL_OPERATOR, world["region"],
                               full_name="Оператор Ольга"))


def test_the_regional_page_sums_each_municipality(operator):
    page = operator.get("/r/reg-d/").get_data(as_text=True)
    assert cell(page, "Северный округ", "teachers") == "5"
    assert cell(page, "Южный округ", "teachers") == "2"
    assert cell(page, "Итого", "teachers") == "7"
    assert cell(page, "Южный округ", "young_with_mentor") == "100 %"
    assert cell(page, "Итого", "young_with_mentor") == "40 %"
    assert cell(page, "Северный округ", "curator_appointed") == "50 %"
    assert 'href="/m/north/"' in page  # the operator may open the municipal page
    headline = text_of(part(page, "headline"))
    assert "Действующих пар и групп 2 с 1 ноября: +1" in headline
    matrix = part(page, "matrix")
    assert row_of(matrix, "Северный округ")[2] == "просрочка 0 из 2, просрочено 2"
    assert row_of(matrix, "Северный округ")[1] == "выполнен 2 из 2"
    assert row_of(matrix, "Южный округ")[1] == "нет"
    risks = [text_of(li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>",
                                                      part(page, "risks"), re.S)]
    assert risks == ["Северный округ : школ без куратора: 1; школ с просроченными "
                     "мероприятиями: 1 (2 мероприятия); молодые специалисты без наставника: "
                     "3; школ без действующих пар и групп: 1"]


def test_the_ranking_of_municipalities_explains_ties_and_zeros(operator):
    page = operator.get("/r/reg-d/").get_data(as_text=True)
    ranking = part(page, "ranking")
    south, north = row_of(ranking, "1"), row_of(ranking, "2")
    assert south[1] == "Южный округ" and north[1] == "Северный округ"
    notes = text_of(part(page, "ranking-notes"))
    # Nobody has an approved roadmap: no points on it for anyone.
    assert "«Дорожная карта (план мероприятий)»: ни у кого нет значения выше нуля" in notes
    # Южный has no roadmap activity due: its share is not computed.
    assert "«Дорожная карта выполняется в срок»: где показатель не из чего считать" in notes


def test_the_region_drills_down_to_a_municipality(operator):
    page = operator.get("/r/reg-d/municipalities/north/").get_data(as_text=True)
    assert "просмотр из региона" in page
    assert cell(page, "Итого", "teachers") == "5"
    assert 'href="/m/north/schools/alpha/"' in page
    assert operator.get("/r/reg-d/municipalities/elsewhere/").status_code == 404


def test_the_pages_run_as_many_statements_for_more_schools(app, world, make_school,
                                                           operator):
    def count(path: str) -> int:
        operator.get(path)
        with counted_statements() as statements:
            assert operator.get(path).status_code == 200
        return len(statements)

    paths = ["/r/reg-d/", "/m/north/", "/m/north/schools/alpha/",
             "/r/reg-d/municipalities/north/"]
    before = {path: count(path) for path in paths}
    for n in range(4):
        school = make_school(f"more-{n}", world["north"])
        roadmap(school, {"1.1": "2026-09-30", "2.1": "2026-10-31"})
        added(school, "2026-09-01", True)
    catch_up()
    assert {path: count(path) for path in paths} == before


def test_a_place_name_is_escaped_everywhere_it_lands(world, make_school, operator):
    hostile = make_school("hostile", world["north"], short_name='<b onclick="x()">Школа</b>')
    added(hostile, "2026-09-01", True)
    catch_up()
    for path in ("/m/north/", "/m/north/?sort=overdue", "/r/reg-d/municipalities/north/",
                 "/m/north/schools/hostile/"):
        page = operator.get(path).get_data(as_text=True)
        assert "<b onclick" not in page, path
    page = operator.get("/m/north/").get_data(as_text=True)
    assert "&lt;b onclick=&#34;x()&#34;&gt;Школа&lt;/b&gt;" in part(page, "chart-coverage")
