"""Error pages in Russian; JSON for the API."""

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from nastavnik.extensions import db
from nastavnik.platform.events import EventLogBusy

MESSAGES = {
    400: ("Некорректный запрос", "Запрос содержит ошибку. Проверьте введённые данные."),
    401: ("Требуется вход", "Войдите в систему, чтобы продолжить."),
    403: ("Доступ запрещён", "У вашей роли нет прав на это действие."),
    404: ("Страница не найдена", "Такой страницы нет, или она вам недоступна."),
    405: ("Метод не поддерживается", "Это действие нельзя выполнить таким способом."),
    413: ("Файл слишком большой", "Размер загружаемого файла превышает допустимый."),
    429: ("Слишком много попыток", "Подождите минуту и попробуйте снова."),
    500: ("Внутренняя ошибка", "Что-то пошло не так. Мы уже знаем об ошибке; попробуйте позже."),
    503: ("Сервис временно недоступен", "Платформа занята, повторите через минуту."),
}


def _render(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, (f"Ошибка {code}", "Запрос не выполнен."))
    if request.path.startswith("/api/"):
        return jsonify(code=code, status=title, message=detail or text), code
    return render_template("errors/error.html", code=code, title=title,
                           text=detail or text), code


def bad_request(text: str):
    """A 400 page that says what exactly was wrong with the request."""
    return _render(400, text)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(400, "Форма устарела или отправлена не со страницы сайта. "
                            "Обновите страницу и отправьте её снова.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 500:
            return internal_error(error)
        response = make_response(_render(error.code or 500))
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(EventLogBusy)
    def event_log_busy(_error):
        # Another writer holds the event log longer than the lock timeout: nothing of this
        # request was written; the user is told to retry rather than left waiting.
        db.session.rollback()
        response = make_response(_render(503))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(_error):
        db.session.rollback()
        return _render(500)
