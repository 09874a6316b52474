"""``make bench`` (``python -m bench [events] [imports] [pages] [oversight] [matching]
[matching_page]``).

- events: the event log's throughput on PostgreSQL;
- imports: a staff XLSX far over the row limit, streamed and stopped early;
- pages: every school page through gunicorn for a school of 300 teachers, its SQL
  statements against a school of 30, and a small log against a big one side by side;
- oversight: a generated region (4,000 schools with ``BENCH_SIZE=full``): catch-up of all
  projections, the municipal and regional dashboards, the same figures by GROUP BY over the
  raw log, the regional report files, projection lag at 200 events/s;
- matching: the exact best distribution of a school's and a municipality's bank against a
  greedy baseline, times and total fit;
- matching_page: the curator's «Подбор наставников» page for 150 mentees and 60 mentors,
  the whole request.
"""

import sys

from bench import events, imports, matching, matching_page, oversight, pages

CASES = {"events": events.main, "imports": imports.main, "pages": pages.main,
         "oversight": oversight.main, "matching": matching.main,
         "matching_page": matching_page.main}

for case in sys.argv[1:] or CASES:
    CASES[case]()
