"""``make bench`` (``python -m bench``): the event log's throughput, one run, a table."""

from bench.events import main

main()
