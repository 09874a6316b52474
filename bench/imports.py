"""Importing a staff XLSX far over the row limit: time and peak memory of the upload path.

``parse_upload`` reads the sheet as a stream and stops at the first row past
``MAX_ROWS``, so its cost does not grow with the file (reading such a sheet to its end,
as the import did before, held a worker for minutes). No database is needed.

``BENCH_IMPORT_ROWS`` sets the sheet's length (default 200,000).
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
from collections.abc import Callable

from openpyxl import Workbook

from nastavnik.tenants.teachers.importing import MAX_ROWS, ImportFileError, parse_upload

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 200_000))


def big_sheet(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Педагоги")
    # Three columns keep the unpacked sheet under the importer's zip-bomb ceiling.
    sheet.append(["Фамилия", "Имя", "Год рождения"])
    for n in range(rows):
        sheet.append([f"Фамилия{n}", "Мария", 1990])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measured(run: Callable[[], str]) -> tuple[float, float, str]:
    """Seconds, peak MiB allocated by Python, and what the run said."""
    tracemalloc.start()
    started = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, outcome


def upload(content: bytes) -> str:
    try:
        return f"{len(parse_upload('staff.xlsx', content))} rows accepted"
    except ImportFileError as error:
        return f"refused: {error}"


def main() -> None:
    content = big_sheet(ROWS)
    print(f"Staff XLSX: {ROWS:,} rows, {len(content) / 2**20:.1f} MiB; "
          f"row limit {MAX_ROWS:,}")
    seconds, peak, outcome = measured(lambda: upload(content))
    print(f"parse_upload: {seconds:.2f} s, peak {peak:.1f} MiB allocated; {outcome}")
