"""``make bench`` (``python -m bench [events] [imports] [pages]``): each case one run, tables.

- events: the event log's throughput on PostgreSQL;
- imports: a staff XLSX far over the row limit, streamed and stopped early;
- pages: every school page through gunicorn for a school of 300 teachers, its SQL
  statements against a school of 30, and a small log against a big one side by side.
"""

import sys

from bench import events, imports, pages

CASES = {"events": events.main, "imports": imports.main, "pages": pages.main}

for case in sys.argv[1:] or CASES:
    CASES[case]()
