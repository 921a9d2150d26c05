"""The documents the loader compiles: every record exactly as the API serves it.

One module per kind of record (its compile function, `by_keys` or for sources `details`,
which `app.resources` registers), `stats` for the /v1/stats documents, and the parts
every document carries: links, evidence and conflicts, the events involving it.
Run at load only; the request path serves the stored result (`app.queries.documents`).
"""
