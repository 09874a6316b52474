"""Checking a methodical material before it is stored: a file or a link.

A file is judged as the documents' scans are (``tenants/documents/scans.py``): the name
and the declared type are the sender's word, the bytes decide. ``filetype`` reads the
magic bytes; then the file must open (pypdf for a PDF; for Office files the ZIP must be
whole and hold the format's main part), and its extension must name what it is, so a
renamed executable or a truncated file is refused, never stored or offered for download.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from urllib.parse import urlsplit

import filetype
from pypdf import PdfReader

from nastavnik.platform.rejections import Rejected

MATERIAL_MAX_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
# content type → (extension, the part an Office file cannot be without)
MATERIAL_TYPES = {
    PDF: ("pdf", None),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        ("docx", "word/document.xml"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        ("pptx", "ppt/presentation.xml"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        ("xlsx", "xl/workbook.xml"),
}
EXTENSIONS = sorted(extension for extension, _part in MATERIAL_TYPES.values())
URL_MAX_LENGTH = 2000


def _refused(text: str) -> Rejected:
    return Rejected({"file": [text]})


def checked_file(data: bytes, filename: str | None) -> tuple[str, str]:
    """The file's content type and a safe download name, or a refusal saying why."""
    if not data:
        raise _refused("Файл пуст. Выберите файл материала.")
    if len(data) > MATERIAL_MAX_BYTES:
        raise _refused("Файл больше 20 МБ. Сожмите его или разместите материал по ссылке.")
    guessed = filetype.guess(data)
    actual = guessed.mime if guessed else None
    if actual not in MATERIAL_TYPES:
        raise _refused("Файл не является документом PDF, DOCX, PPTX или XLSX. Загрузите "
                       "материал в одном из этих форматов.")
    extension, main_part = MATERIAL_TYPES[actual]
    name = PurePath((filename or "").replace("\\", "/")).name
    if PurePath(name).suffix.lower().lstrip(".") != extension:
        raise _refused(f"Расширение файла не совпадает с его содержимым ({extension.upper()}). "
                       "Сохраните файл заново с правильным расширением.")
    if not _opens(data, main_part):
        raise _refused("Файл повреждён и не открывается. Сохраните его заново.")
    return actual, name[-200:]


def _opens(data: bytes, main_part: str | None) -> bool:
    # A malformed file can make a parser raise almost anything; any failure means "refuse".
    try:
        if main_part is None:
            return len(PdfReader(io.BytesIO(data)).pages) > 0
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return main_part in archive.namelist() and archive.testzip() is None
    except Exception:
        return False


def checked_link(url: str) -> str:
    """A web address a reader may open: http or https, with a host, one line."""
    url = (url or "").strip()
    problem = None
    if not url:
        problem = "Укажите ссылку на материал."
    elif len(url) > URL_MAX_LENGTH:
        problem = "Ссылка длиннее 2000 знаков."
    elif any(ch.isspace() or ord(ch) < 32 for ch in url):
        problem = "В ссылке не должно быть пробелов и переводов строки."
    else:
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            parts, host = None, None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
            problem = "Ссылка должна начинаться с http:// или https:// и вести на сайт."
    if problem:
        raise Rejected({"url": [problem]})
    return url
