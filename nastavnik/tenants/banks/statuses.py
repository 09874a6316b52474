"""Bank statuses, categories and qualification levels with their Russian labels: one place."""

MENTEE_STATUSES = {
    "waiting": "Ожидает наставника",
    "in_pair": "В паре",
    "supported": "Сопровождается без пары",
    "finished": "Завершил программу",
    "ended_early": "Программа прекращена досрочно",
    "withdrawn": "Отозвал согласие",
}
MENTOR_STATUSES = {
    "available": "Может взять наставляемых",
    "busy": "Нагрузка заполнена",
    "inactive": "Не участвует",
    "withdrawn": "Отозвал согласие",
}
MENTEE_CATEGORIES = {
    "young_specialist": "Молодой специалист",
    "new_in_post": "Новый в должности",
    "changing_school": "Перешёл из другой школы",
    "on_request": "По запросу",
}
QUALIFICATIONS = {
    "none": "Без категории",
    "first": "Первая",
    "highest": "Высшая",
    "methodologist": "Педагог-методист",
    "mentor": "Педагог-наставник",
}
BANKS = {"mentees": "Банк наставляемых", "mentors": "Банк наставников"}
# Statuses in which a person is shown in the bank (a withdrawn person has left it).
LISTED = {"mentees": [s for s in MENTEE_STATUSES if s != "withdrawn"],
          "mentors": [s for s in MENTOR_STATUSES if s != "withdrawn"]}
