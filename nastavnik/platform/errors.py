"""Error pages in Russian; JSON for the API."""

from contextlib import suppress

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from nastavnik.extensions import db

MESSAGES = {
    400: ("Некорректный запрос", "Запрос содержит ошибку. Проверьте введённые данные."),
    401: ("Требуется вход", "Войдите в систему, чтобы продолжить."),
    403: ("Доступ запрещён", "У вашей роли нет прав на это действие."),
    404: ("Страница не найдена", "Такой страницы нет, или она вам недоступна."),
    405: ("Метод не поддерживается", "Это действие нельзя выполнить таким способом."),
    413: ("Файл слишком большой", "Размер загружаемого файла превышает допустимый."),
    429: ("Слишком много попыток", "Подождите минуту и попробуйте снова."),
    500: ("Внутренняя ошибка", "Что-то пошло не так. Мы уже знаем об ошибке; попробуйте позже."),
    503: ("Сервис временно недоступен", "Нет связи с базой данных. Ваши последние изменения "
          "могли не сохраниться: подождите минуту и повторите действие."),
}
# Seconds a client is asked to wait after a 503.
RETRY_AFTER = 30


def _render(code: int, detail: str | None = None, *, offline: bool = False):
    """The error page, or JSON under /api/. ``offline`` renders a standalone page without
    the context processors: Flask-Login's loads the signed-in user, and the database that
    would answer is the thing that failed."""
    title, text = MESSAGES.get(code, (f"Ошибка {code}", "Запрос не выполнен."))
    if request.path.startswith("/api/"):
        return jsonify(code=code, status=title, message=detail or text), code
    if offline:
        page = current_app.jinja_env.get_template("errors/unavailable.html")
        return page.render(code=code, title=title, text=detail or text), code
    return render_template("errors/error.html", code=code, title=title,
                           text=detail or text), code


def lost_database(error: DBAPIError) -> bool:
    """The connection dropped or could not be made (as opposed to a query the database
    refused): nothing the user did, and likely to pass."""
    return error.connection_invalidated or isinstance(error, (OperationalError, InterfaceError))


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

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not lost_database(error):
            raise error  # a bug: Flask logs it and answers with the 500 page
        current_app.logger.error("Database unreachable during %s %s", request.method,
                                 request.path, exc_info=error)
        with suppress(DBAPIError):  # a dead connection may refuse even the rollback
            db.session.rollback()
        response = make_response(_render(503, offline=True))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(_error):
        db.session.rollback()
        return _render(500)
