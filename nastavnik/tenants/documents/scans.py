"""Checking an uploaded scan: a real, non-empty PDF, JPEG or PNG of at most 10 MB.

The declared content type and the file name are the sender's word; the bytes decide.
``filetype`` reads the magic bytes, then the file is opened by a parser (pypdf, Pillow)
so that a renamed executable or a truncated file is refused, not stored.
"""

from __future__ import annotations

import io

import filetype
from PIL import Image
from pypdf import PdfReader

from nastavnik.platform.rejections import Rejected

SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# What some browsers and systems send for the same formats.
_ALIASES = {"application/x-pdf": "application/pdf", "image/jpg": "image/jpeg",
            "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}


def _refused(text: str) -> Rejected:
    return Rejected({"scan": [text]})


def checked_content_type(data: bytes, declared_type: str | None) -> str:
    """The scan's content type, or a refusal saying why (on the ``scan`` field)."""
    if not data:
        raise _refused("Файл пуст. Выберите скан подписанного документа.")
    if len(data) > SCAN_MAX_BYTES:
        raise _refused("Файл больше 10 МБ. Уменьшите разрешение скана или сожмите PDF.")
    guessed = filetype.guess(data)
    actual = guessed.mime if guessed else None
    if actual not in SCAN_TYPES:
        raise _refused("Файл не является PDF, JPEG или PNG. Загрузите скан в одном из "
                           "этих форматов.")
    declared = (declared_type or "").split(";")[0].strip().lower()
    if _ALIASES.get(declared, declared) != actual:
        raise _refused("Тип файла не совпадает с его содержимым. Сохраните скан заново "
                           "как PDF, JPEG или PNG.")
    if not _opens(data, actual):
        raise _refused("Файл повреждён и не открывается. Отсканируйте документ заново.")
    return actual


def _opens(data: bytes, content_type: str) -> bool:
    # A malformed file can make a parser raise almost anything; any failure means "refuse".
    try:
        if content_type == "application/pdf":
            return len(PdfReader(io.BytesIO(data)).pages) > 0
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except Exception:
        return False
