"""Analysis over plain values: linking facts into events, near-duplicate documents, corridor figures.

No SQL and no I/O here: the store and the API call these functions with facts
and texts they have read.
"""
