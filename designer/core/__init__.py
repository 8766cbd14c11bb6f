"""The pure-Python core: the schema model and everything computed from it.

Never imports Django, DRF, psycopg or the web app (an import-linter contract checks it).
"""
