"""Run a django-cors-headers settings fixture for real: system checks, then a WSGI server.

Usage: python -m tests.lint.django_runner SETTINGS_FIXTURE PORT
Prints one JSON line with the system-check error ids, then serves on 127.0.0.1:PORT until killed.
"""

from __future__ import annotations

import json
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    fixture, port = sys.argv[1], int(sys.argv[2])
    values: dict[str, object] = {}
    with open(fixture, encoding="utf-8") as fh:
        exec(compile(fh.read(), fixture, "exec"), values)
    settings = {k: v for k, v in values.items() if k.isupper()}
    apps = list(settings.pop("INSTALLED_APPS", []))  # type: ignore[call-overload]
    import django
    from django.conf import settings as conf

    conf.configure(
        DEBUG=False, SECRET_KEY="lint-runtime", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
        INSTALLED_APPS=sorted({*apps, "corsheaders"}), **settings,
    )
    django.setup()
    from django.core import checks

    errors = [m.id for m in checks.run_checks() if m.level >= checks.ERROR]
    print(json.dumps({"errors": errors}), flush=True)
    from django.core.wsgi import get_wsgi_application

    make_server("127.0.0.1", port, get_wsgi_application(), handler_class=_Quiet).serve_forever()


def _view(request: object) -> object:
    from django.http import HttpResponse

    return HttpResponse("ok")


def _urls() -> list[object]:
    from django.urls import path

    return [path("api/", _view)]


def __getattr__(name: str) -> object:
    if name == "urlpatterns":
        return _urls()
    raise AttributeError(name)


if __name__ == "__main__":
    main()
