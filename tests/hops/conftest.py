"""One CORS app and one Debian nginx (a proxy server with a location per fault, plus a caching
layer in front of it) shared by the hop tests of a session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.hops.servers import cors_app, free_port, nginx

PROXY = """
    server {{
        listen 127.0.0.1:{proxy};
        location /clean/ {{ proxy_pass http://127.0.0.1:{app}/api/; }}
        location /strip/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_hide_header Access-Control-Allow-Origin;
        }}
        location /dup/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            add_header Access-Control-Allow-Origin $http_origin always;
        }}
        location /options/ {{
            if ($request_method = OPTIONS) {{
                add_header Access-Control-Allow-Origin "https://app.example";
                add_header Access-Control-Allow-Methods "GET, POST";
                return 204;
            }}
            proxy_pass http://127.0.0.1:{app}/api/;
        }}
        location /options405/ {{
            if ($request_method = OPTIONS) {{ return 405; }}
            proxy_pass http://127.0.0.1:{app}/api/;
        }}
        location /noalways/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_hide_header Access-Control-Allow-Origin;
            add_header Access-Control-Allow-Origin $http_origin;
        }}
        location /intercept/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_intercept_errors on;
            error_page 500 @oops;
        }}
        location @oops {{
            default_type text/html;
            return 500 "<h1>Something went wrong</h1>";
        }}
        location /noorigin/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_set_header Origin "";
        }}
        location /cache/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_cache hops;
            proxy_cache_valid 200 10m;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
        location /cachevary/ {{
            proxy_pass http://127.0.0.1:{app}/api/;
            proxy_cache hops;
            proxy_cache_valid 200 10m;
            proxy_ignore_headers Vary;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
    server {{
        listen 127.0.0.1:{edge};
        location / {{
            proxy_pass http://127.0.0.1:{proxy};
            proxy_cache hops;
            proxy_cache_valid 200 10m;
            proxy_ignore_headers Vary;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
    server {{
        listen 127.0.0.2:{edge};
        location /strip/ {{ proxy_pass http://127.0.0.1:{app}/api/; }}
    }}
"""


@dataclass(frozen=True)
class Stack:
    app: int
    proxy: int
    edge: int

    def app_url(self, route: str, query: str = "") -> str:
        return f"http://127.0.0.1:{self.app}/api/{route}{query}"

    def proxy_url(self, location: str, route: str, query: str = "") -> str:
        return f"http://127.0.0.1:{self.proxy}/{location}/{route}{query}"

    def edge_url(self, location: str, route: str, query: str = "") -> str:
        return f"http://127.0.0.1:{self.edge}/{location}/{route}{query}"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with cors_app() as app:
        proxy, edge = free_port(), free_port()
        with nginx(PROXY.format(app=app, proxy=proxy, edge=edge), [proxy, edge]):
            yield Stack(app=app, proxy=proxy, edge=edge)


@pytest.fixture
def fresh() -> str:
    """A query string no cache has seen."""
    return f"?t={uuid.uuid4().hex[:12]}"
