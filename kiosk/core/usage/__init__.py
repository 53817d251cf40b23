"""Anonymous counts: the SQLite log, session events to counts, reports, metrics."""
