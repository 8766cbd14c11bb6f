"""WSGI entry point (gunicorn designer.wsgi; ``manage.py runserver`` loads it too)."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")
application = get_wsgi_application()


def freeze_startup_objects() -> None:
    """Load every view now, take what start-up made out of the cycle collector's sight, and make
    full collections rare.

    A full collection walks every live container; after start-up that is some 140,000 objects and
    90 ms, paid by whichever request happens to trigger it (every few edits of a big schema).
    Frozen objects are skipped, so it then walks only what requests keep (cached schemas).
    """
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()
    # Young collections every 50,000 allocations instead of 700: reading and linting a big schema
    # allocates hundreds of thousands of objects that live on (the kept schema), and every
    # seventieth young collection would otherwise walk the whole heap again.
    gc.set_threshold(50_000, 20, 20)


freeze_startup_objects()
