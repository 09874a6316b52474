"""``make bench`` (``python -m bench [events] [imports]``): each case one run, a table.

- events: the event log's throughput on PostgreSQL;
- imports: a staff XLSX far over the row limit, streamed and stopped early.
"""

import sys

from bench import events, imports

CASES = {"events": events.main, "imports": imports.main}

for case in sys.argv[1:] or CASES:
    CASES[case]()
