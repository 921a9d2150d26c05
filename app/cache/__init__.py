"""HTTP caching and the fast response path.

The data only changes when a load replaces it, so a GET's body is a function of the
dataset version and the request: it is encoded once, kept with its ETag in a bounded
in-process store (`store`), compressed as clients ask (`coding`), and served from there
by a pure-ASGI middleware (`middleware`) that never reaches the routes or the database
on a hit. Conditional requests (`conditional`) are answered with 304 from the same
entries.
"""
