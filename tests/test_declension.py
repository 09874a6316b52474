"""Names in the case an order needs: a table of real-looking names, every case."""

import pytest

from nastavnik.platform.declension import (
    Case,
    Gender,
    PersonName,
    full_name,
    gender_of,
    position_in,
    short_name,
)

G, D, A, I, P = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE,  # noqa: E741
                 Case.INSTRUMENTAL, Case.PREPOSITIONAL)

# name: {case: full name in that case}
TABLE = {
    "Орлова Наталья Сергеевна": {
        G: "Орловой Натальи Сергеевны", D: "Орловой Наталье Сергеевне",
        A: "Орлову Наталью Сергеевну", I: "Орловой Натальей Сергеевной",
        P: "Орловой Наталье Сергеевне"},
    "Иванова Ирина Ивановна": {
        G: "Ивановой Ирины Ивановны", D: "Ивановой Ирине Ивановне",
        A: "Иванову Ирину Ивановну", I: "Ивановой Ириной Ивановной",
        P: "Ивановой Ирине Ивановне"},
    "Смирнов Олег Викторович": {
        G: "Смирнова Олега Викторовича", D: "Смирнову Олегу Викторовичу",
        A: "Смирнова Олега Викторовича", I: "Смирновым Олегом Викторовичем",
        P: "Смирнове Олеге Викторовиче"},
    # A double surname declines in both halves.
    "Петрова-Водкина Анна Сергеевна": {
        G: "Петровой-Водкиной Анны Сергеевны", D: "Петровой-Водкиной Анне Сергеевне",
        A: "Петрову-Водкину Анну Сергеевну", I: "Петровой-Водкиной Анной Сергеевной",
        P: "Петровой-Водкиной Анне Сергеевне"},
    # A woman's surname on a consonant does not decline; a man's does.
    "Шевчук Анна Петровна": {
        G: "Шевчук Анны Петровны", D: "Шевчук Анне Петровне", A: "Шевчук Анну Петровну",
        I: "Шевчук Анной Петровной", P: "Шевчук Анне Петровне"},
    "Шевчук Иван Петрович": {
        G: "Шевчука Ивана Петровича", D: "Шевчуку Ивану Петровичу",
        A: "Шевчука Ивана Петровича", I: "Шевчуком Иваном Петровичем",
        P: "Шевчуке Иване Петровиче"},
    "Ким Елена Викторовна": {
        G: "Ким Елены Викторовны", D: "Ким Елене Викторовне", A: "Ким Елену Викторовну",
        I: "Ким Еленой Викторовной", P: "Ким Елене Викторовне"},
    "Ким Виктор Сергеевич": {
        G: "Кима Виктора Сергеевича", D: "Киму Виктору Сергеевичу",
        A: "Кима Виктора Сергеевича", I: "Кимом Виктором Сергеевичем",
        P: "Киме Викторе Сергеевиче"},
    # Surnames that never decline: -ко, -ых/-их, a foreign one on a vowel.
    "Шевченко Тарас Григорьевич": {
        G: "Шевченко Тараса Григорьевича", D: "Шевченко Тарасу Григорьевичу",
        A: "Шевченко Тараса Григорьевича", I: "Шевченко Тарасом Григорьевичем",
        P: "Шевченко Тарасе Григорьевиче"},
    "Черных Ольга Ивановна": {
        G: "Черных Ольги Ивановны", D: "Черных Ольге Ивановне", A: "Черных Ольгу Ивановну",
        I: "Черных Ольгой Ивановной", P: "Черных Ольге Ивановне"},
    "Седых Пётр Ильич": {
        G: "Седых Петра Ильича", D: "Седых Петру Ильичу", A: "Седых Петра Ильича",
        P: "Седых Петре Ильиче"},
    "Дюма Александр Иванович": {
        G: "Дюма Александра Ивановича", D: "Дюма Александру Ивановичу",
        A: "Дюма Александра Ивановича", I: "Дюма Александром Ивановичем",
        P: "Дюма Александре Ивановиче"},
    # A foreign name without a patronymic; a Turkic patronymic in two words.
    "Смит Джон": {G: "Смита Джона", D: "Смиту Джону", A: "Смита Джона",
                  I: "Смитом Джоном"},
    "Мамедов Эльдар Рашид оглы": {
        G: "Мамедова Эльдара Рашид оглы", D: "Мамедову Эльдару Рашид оглы",
        A: "Мамедова Эльдара Рашид оглы"},
    "Алиева Севиль Рашид кызы": {D: "Алиевой Севиль Рашид кызы",
                                 A: "Алиеву Севиль Рашид кызы"},
}

SHORT = {
    ("Орлова Наталья Сергеевна", Case.DATIVE): "Орловой Н. С.",
    ("Иванова Ирина Ивановна", Case.ACCUSATIVE): "Иванову И. И.",
    ("Петрова-Водкина Анна Сергеевна", Case.GENITIVE): "Петровой-Водкиной А. С.",
    ("Шевчук Анна Петровна", Case.DATIVE): "Шевчук А. П.",
    ("Шевченко Тарас Григорьевич", Case.DATIVE): "Шевченко Т. Г.",
    ("Мамедов Эльдар Рашид оглы", Case.DATIVE): "Мамедову Э. Р.",
    ("Смирнов Олег Викторович", Case.NOMINATIVE): "Смирнов О. В.",
}


@pytest.mark.parametrize(("name", "case", "expected"),
                         [(n, c, e) for n, cases in TABLE.items() for c, e in cases.items()],
                         ids=lambda v: getattr(v, "name", str(v)))
def test_every_case_of_every_name(name, case, expected):
    assert full_name(name, case) == expected


@pytest.mark.parametrize("name", TABLE)
def test_the_nominative_is_the_name_as_typed(name):
    assert full_name(name, Case.NOMINATIVE) == name


@pytest.mark.parametrize(("key", "expected"), SHORT.items())
def test_the_short_form_is_the_surname_in_case_and_initials(key, expected):
    assert short_name(*key) == expected


@pytest.mark.parametrize(("name", "gender"), [
    ("Орлова Наталья Сергеевна", Gender.FEMALE), ("Ким Виктор Сергеевич", Gender.MALE),
    ("Мамедов Эльдар Рашид оглы", Gender.MALE), ("Алиева Севиль Рашид кызы", Gender.FEMALE),
    ("Черных Саша Ильинична", Gender.FEMALE), ("Смит Джон", Gender.MALE),
])
def test_the_gender_comes_from_the_patronymic_or_the_name(name, gender):
    parsed = PersonName.parse(name)
    assert gender_of(parsed.last, parsed.first, parsed.middle) is gender


def test_a_name_whose_gender_cannot_be_told_is_printed_as_typed():
    assert full_name("Ким Саша", Case.DATIVE) == "Ким Саша"
    # A stored gender settles it.
    assert PersonName.parse("Ким Саша", Gender.FEMALE).full(Case.DATIVE) == "Ким Саше"


def test_signature_puts_initials_first():
    assert PersonName.parse("Орлова Наталья Сергеевна").signature() == "Н. С. Орлова"
    assert PersonName.parse("Мамедов Эльдар Рашид оглы").signature() == "Э. Р. Мамедов"


@pytest.mark.parametrize(("position", "case", "expected"), [
    ("заместитель директора по УВР", Case.ACCUSATIVE, "заместителя директора по УВР"),
    ("заместитель директора по УВР", Case.DATIVE, "заместителю директора по УВР"),
    ("учитель математики", Case.DATIVE, "учителю математики"),
    ("учитель начальных классов", Case.ACCUSATIVE, "учителя начальных классов"),
    ("педагог-психолог", Case.ACCUSATIVE, "педагога-психолога"),
    ("социальный педагог", Case.DATIVE, "социальному педагогу"),
    ("старший воспитатель", Case.INSTRUMENTAL, "старшим воспитателем"),
    ("советник директора по воспитанию", Case.ACCUSATIVE, "советника директора по воспитанию"),
    ("преподаватель-организатор ОБЖ", Case.DATIVE, "преподавателю-организатору ОБЖ"),
    ("тьютор", Case.ACCUSATIVE, "тьютора"),  # a person: the accusative of the animate
    ("учитель", Case.NOMINATIVE, "учитель"),
])
def test_a_position_declines_its_head_and_keeps_the_rest(position, case, expected):
    assert position_in(position, case) == expected


def test_markup_in_a_name_is_printed_as_typed():
    name = PersonName.parse('<img src="/etc/passwd"/> Анна Сергеевна')
    assert name.full(Case.ACCUSATIVE) == '<img src="/etc/passwd"/> Анна Сергеевна'
    assert name.short(Case.DATIVE) == name.signature() == '<img src="/etc/passwd"/> Анна Сергеевна'
