"""``make bench`` (``python -m bench [events] [imports] [pages] [oversight]``): tables.

- events: the event log's throughput on PostgreSQL;
- imports: a staff XLSX far over the row limit, streamed and stopped early;
- pages: every school page through gunicorn for a school of 300 teachers, its SQL
  statements against a school of 30, and a small log against a big one side by side;
- oversight: a generated region (4,000 schools with ``BENCH_SIZE=full``): catch-up of all
  projections, the municipal and regional dashboards, the same figures by GROUP BY over the
  raw log, the regional report files, projection lag at 200 events/s.
"""

import sys

from bench import events, imports, oversight, pages

CASES = {"events": events.main, "imports": imports.main, "pages": pages.main,
         "oversight": oversight.main}

for case in sys.argv[1:] or CASES:
    CASES[case]()
