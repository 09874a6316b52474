"""The purposes a teacher consents to, each tied to one bank, with the Russian wording."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    code: str
    bank: str | None  # the bank code events carry: "mentees", "mentors"; None: no bank
    title: str
    goal: str
    data: str
    # The fields of the mentor bank the teacher may choose to show other schools (network
    # mentoring): the consent records the chosen codes, nothing else is ever shown.
    shares: tuple[str, ...] = ()


PURPOSES = {
    p.code: p for p in (
        Purpose("mentee_bank", "mentees", "Банк наставляемых",
                "участие в системе (целевой модели) наставничества педагогических работников "
                "образовательной организации в качестве наставляемого: включение в банк "
                "наставляемых, подбор наставника, формирование наставнической пары (группы), "
                "разработка и реализация персонализированной программы наставничества, "
                "мониторинг её результатов",
                "фамилия, имя, отчество; год рождения (возрастная группа); занимаемая должность; "
                "преподаваемые предметы; педагогический стаж; квалификационная категория; "
                "сведения о профессиональных затруднениях и запросах, указанные в анкете"),
        Purpose("mentor_bank", "mentors", "Банк наставников",
                "участие в системе (целевой модели) наставничества педагогических работников "
                "образовательной организации в качестве наставника: включение в банк "
                "наставников, подбор наставляемых, в том числе из других образовательных "
                "организаций муниципалитета, формирование наставнической пары (группы), "
                "реализация персонализированной программы наставничества и мониторинг её "
                "результатов",
                "фамилия, имя, отчество; год рождения (возрастная группа); занимаемая должность; "
                "преподаваемые предметы; педагогический стаж; квалификационная категория; "
                "профессиональные компетенции и достижения, указанные в анкете"),
        Purpose("network_mentor", None, "Сетевое наставничество",
                "участие в сетевом наставничестве: предложение наставника педагогам других "
                "образовательных организаций муниципалитета, показ выбранных педагогом "
                "сведений из банка наставников муниципальному координатору и этим "
                "организациям под кодом (без фамилии, имени, отчества) до согласия обеих "
                "организаций на пару, после него — их кураторам с фамилией, именем, "
                "отчеством",
                "сведения из анкеты наставника, отмеченные педагогом в согласии",
                shares=("subjects", "competencies", "experience", "qualification",
                        "formats", "achievements")),
    )
}
BANK_PURPOSE = {p.bank: p.code for p in PURPOSES.values() if p.bank}
NETWORK_PURPOSE = "network_mentor"
# What each shareable field is, in the consent's words.
SHARED_FIELDS = {
    "subjects": "преподаваемые предметы",
    "competencies": "профессиональные компетенции",
    "experience": "педагогический стаж (интервал)",
    "qualification": "квалификационная категория",
    "formats": "предпочитаемые формы работы",
    "achievements": "достижения (текст анкеты)",
}


ACTIONS = ("сбор, запись, систематизация, накопление, хранение, уточнение (обновление, "
           "изменение), извлечение, использование, передача (предоставление, доступ) "
           "в обезличенном виде органам управления образованием муниципального и "
           "регионального уровня для мониторинга, обезличивание, блокирование, удаление, "
           "уничтожение; обработка с использованием средств автоматизации и без них")


def default_scope(purpose: Purpose, shared: list[str] | None = None) -> str:
    """The scope of processing recorded with a consent unless the school words it otherwise;
    a consent that shares fields names them."""
    data = purpose.data
    if purpose.shares and shared:
        data += ": " + ", ".join(SHARED_FIELDS[code] for code in purpose.shares
                                 if code in shared)
    return f"Данные: {data}. Действия: {ACTIONS}."
