"""The page-side script that makes the request and reports what script could see.

It resolves within ``timeout`` ms no matter what the network does: fetch() is aborted through an
``AbortController`` and XHR through its ``timeout`` attribute, so ``page.evaluate`` always returns
(a page that never settles is reported as ``timedOut``).  A response whose headers passed but
whose body never ends (a stream) is reported with what script could read and
``bodyIncomplete`` after a grace of one second: the CORS verdict does not depend on the body.  Exposed header names are read by
iterating the response's ``Headers`` (fetch) or ``getAllResponseHeaders()`` (XHR): both list only
what the CORS filter lets through (https://fetch.spec.whatwg.org/#concept-filtered-response-cors).
"""

from __future__ import annotations

RUN_REQUEST = r"""
async (p) => {
  const BODY_GRACE_MS = 1000;  // how long a body may keep arriving once the headers passed
  const names = (pairs) => [...new Set(pairs.map((n) => n.toLowerCase()))].sort();
  const viaFetch = () => new Promise((resolve) => {
    const ctrl = new AbortController();
    let done = false;
    let head = null;  // what script could read once the response headers passed the CORS check
    const timer = setTimeout(() => {
      if (!done) { done = true; ctrl.abort(); resolve(head ? {...head, bodyIncomplete: true} : {timedOut: true}); }
    }, p.timeout);
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); resolve(v); } };
    let init;
    try {
      init = {method: p.method, headers: p.headers, credentials: p.credentials, mode: p.mode,
              redirect: p.redirect, signal: ctrl.signal};
      if (p.body !== null) init.body = p.body;
      fetch(p.url, init).then(async (r) => {
        const hs = [];
        for (const [n] of r.headers) hs.push(n);
        head = {ok: true, status: r.status, type: r.type, headers: names(hs)};
        const grace = setTimeout(() => { finish({...head, bodyIncomplete: true}); ctrl.abort(); },
                                 Math.min(BODY_GRACE_MS, p.timeout));
        try { await r.arrayBuffer(); } catch (e) { /* body errors do not change the CORS verdict */ }
        clearTimeout(grace);
        finish(head);
      }, (e) => finish({ok: false, error: String(e), sync: false}));
    } catch (e) {
      finish({ok: false, error: String(e), sync: true});
    }
  });
  const viaXhr = () => new Promise((resolve) => {
    let done = false;
    const finish = (v) => { if (!done) { done = true; resolve(v); } };
    try {
      const x = new XMLHttpRequest();
      x.open(p.method, p.url, true);
      x.withCredentials = p.credentials === "include";
      for (const [n, v] of p.headers) x.setRequestHeader(n, v);
      x.timeout = p.timeout;
      const read = () => {
        const hs = x.getAllResponseHeaders().trim().split(/\r\n/).filter((l) => l)
          .map((l) => l.slice(0, l.indexOf(":")));
        return {ok: true, status: x.status, type: "cors", headers: names(hs)};
      };
      let head = null;  // set once the headers passed the CORS check (readyState HEADERS_RECEIVED)
      x.onreadystatechange = () => {
        if ((x.readyState === 2 || x.readyState === 3) && head === null) {
          head = read();
          setTimeout(() => { if (!done) { finish({...head, bodyIncomplete: true}); x.abort(); } },
                     Math.min(BODY_GRACE_MS, p.timeout));
        }
      };
      x.onload = () => finish(read());
      x.onerror = () => finish({ok: false, error: "NetworkError: XMLHttpRequest failed", sync: false});
      x.onabort = () => finish({ok: false, error: "AbortError: XMLHttpRequest aborted", sync: false});
      x.ontimeout = () => finish(head ? {...head, bodyIncomplete: true} : {timedOut: true});
      x.send(p.body);
    } catch (e) {
      finish({ok: false, error: String(e), sync: true});
    }
  });
  return await (p.api === "xhr" ? viaXhr() : viaFetch());
}
"""

#: The page every origin is given: blank, and an icon link so no favicon request adds noise.
BLANK_PAGE = (
    b"<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'>"
    b"<title>corsdoctor</title></head><body></body></html>"
)

#: Adds a sandboxed iframe (``allow-scripts`` only: an opaque origin, serialised ``null``) and
#: resolves once its document has loaded (https://html.spec.whatwg.org/#attr-iframe-sandbox).
OPEN_SANDBOX = r"""
() => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  frame.sandbox = "allow-scripts";
  frame.srcdoc = "<!doctype html><meta charset=utf-8><title>corsdoctor null origin</title>";
  frame.onload = () => resolve(true);
  document.body.appendChild(frame);
})
"""
