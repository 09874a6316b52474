"""Error pages in Russian; JSON for the API. One rendering for every refusal."""

from contextlib import suppress

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from nastavnik.extensions import db
from nastavnik.platform.events import EventLogBusy
from nastavnik.platform.rejections import Rejected, duplicate_refusal, flat_messages

MESSAGES = {
    400: ("Некорректный запрос", "Запрос содержит ошибку. Проверьте введённые данные."),
    401: ("Требуется вход", "Войдите в систему, чтобы продолжить."),
    403: ("Доступ запрещён", "У вашей роли нет прав на это действие."),
    404: ("Страница не найдена", "Такой страницы нет, или она вам недоступна."),
    405: ("Метод не поддерживается", "Это действие нельзя выполнить таким способом."),
    409: ("Действие уже выполнено", "Эта форма уже была отправлена, и её действие выполнено "
          "один раз. Обновите страницу, чтобы увидеть результат."),
    422: ("Данные не приняты", "Проверьте введённые данные."),
    413: ("Файл слишком большой", "Размер загружаемого файла превышает допустимый."),
    429: ("Слишком много попыток", "Подождите минуту и попробуйте снова."),
    500: ("Внутренняя ошибка", "Что-то пошло не так. Мы уже знаем об ошибке; попробуйте позже."),
    503: ("Сервис временно недоступен", "Нет связи с базой данных. Ваши последние изменения "
          "могли не сохраниться: подождите минуту и повторите действие."),
}
# Seconds a client is asked to wait after a 503.
RETRY_AFTER = 30


def render_error(code: int, detail: str | None = None, fields: dict | None = None, *,
                 offline: bool = False):
    """The Russian error page, or under ``/api/`` the JSON error, for ``code``.

    ``fields`` maps a field to its messages (a refusal): JSON carries it as ``errors``,
    the page lists the messages. ``offline`` renders a standalone page without the
    context processors: Flask-Login's loads the signed-in user, and the database that
    would answer is the thing that failed.
    """
    title, text = MESSAGES.get(code, (f"Ошибка {code}", "Запрос не выполнен."))
    if request.path.startswith("/api/"):
        body = {"code": code, "status": title, "message": detail or text}
        if fields:
            body["errors"] = fields
        return jsonify(body), code
    if offline:
        page = current_app.jinja_env.get_template("errors/unavailable.html")
        return page.render(code=code, title=title, text=detail or text), code
    return render_template("errors/error.html", code=code, title=title, text=detail or text,
                           problems=flat_messages(fields) if fields else []), code


def lost_database(error: DBAPIError) -> bool:
    """The connection dropped or could not be made (as opposed to a query the database
    refused): nothing the user did, and likely to pass."""
    return error.connection_invalidated or isinstance(error, (OperationalError, InterfaceError))


def bad_request(text: str):
    """A 400 page that says what exactly was wrong with the request."""
    return render_error(400, text)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(400, "Форма устарела или отправлена не со страницы сайта. "
                            "Обновите страницу и отправьте её снова.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 500:
            return internal_error(error)
        response = make_response(render_error(error.code or 500))
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Rejected)
    @app.errorhandler(ValidationError)
    def refused(refusal: Rejected | ValidationError):
        # A refusal no form caught (an API call, a button without a form): nothing was
        # saved, and the messages say why.
        messages = refusal.messages if isinstance(refusal.messages, dict) \
            else {"_schema": refusal.messages}
        return render_error(422 if request.path.startswith("/api/") else 400,
                            "Данные не приняты.", fields=messages)

    @app.errorhandler(IntegrityError)
    def duplicate(error: IntegrityError):
        # A concurrent duplicate that no form caught: the first submission's effect stands.
        db.session.rollback()
        refusal = duplicate_refusal(error)
        if refusal is None:
            raise error  # not a duplicate but a bug: logged and shown as the 500 page
        return render_error(409, refusal.message)

    @app.errorhandler(EventLogBusy)
    def event_log_busy(_error):
        # Another writer holds the event log longer than the lock timeout: nothing of this
        # request was written; the user is told to retry rather than left waiting.
        db.session.rollback()
        response = make_response(render_error(
            503, "Платформа занята, повторите через минуту. Ничего из этого действия не "
                 "сохранено."))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not lost_database(error):
            raise error  # a bug: Flask logs it and answers with the 500 page
        current_app.logger.error("Database unreachable during %s %s", request.method,
                                 request.path, exc_info=error)
        with suppress(DBAPIError):  # a dead connection may refuse even the rollback
            db.session.rollback()
        response = make_response(render_error(503, offline=True))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(_error):
        db.session.rollback()
        return render_error(500)
