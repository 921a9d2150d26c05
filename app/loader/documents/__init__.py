"""The documents the loader compiles: every record exactly as the API serves it.

One module per kind of record (its `by_keys`, which `app.resources` registers), and the
parts every document carries: links, evidence and conflicts, the events involving it.
Run at load only; the request path serves the stored result (`app.queries.documents`).
"""
