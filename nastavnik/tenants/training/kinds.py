"""The fixed lists of training: topics of materials, kinds and formats of sessions, and
who stands behind a material or a session. Codes go into the event log; labels are here."""

TOPICS = {
    "normative": "Нормативные документы",
    "methods": "Методика наставничества",
    "programs": "Персонализированные программы",
    "support": "Психолого-педагогическая поддержка",
    "young": "Работа с молодыми специалистами",
    "practices": "Лучшие практики наставничества",
    "other": "Другое",
}
SESSION_KINDS = {
    "setup": "Установочная сессия",
    "consultation": "Консультация",
    "exchange": "Обмен опытом",
}
# A mentor is trained once present at one of these (an exchange of experience is not
# training: it assumes the mentor already knows the work).
TRAINING_KINDS = ("setup", "consultation")
SESSION_FORMATS = {
    "in_person": "Очно",
    "remote": "Дистанционно",
    "mixed": "Смешанный",
}
# Whose a material or session is: a school's own, or shared from above.
LEVELS = {
    "school": "Школа",
    "municipality": "Муниципалитет",
    "region": "Регион",
}
TRAINED_RULE = ("наставник считается обученным, если он отмечен присутствующим хотя бы на "
                "одной установочной сессии или консультации (школьной или муниципальной)")
