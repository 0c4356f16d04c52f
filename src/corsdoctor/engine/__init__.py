"""The browser-exact CORS engine: the Fetch Standard's CORS protocol plus browser profiles.

Sans-I/O and standard library only (checked by a test).  Drive a :class:`Transaction`:

    tx = Transaction(PageRequest(url=..., origin=...), "chromium")
    while not isinstance(action := tx.next_action(), Done):
        tx.receive(send(action.request))        # or tx.receive_network_error("net::ERR_...")
    verdict = action.verdict
"""

from corsdoctor.engine._cache import PreflightCache
from corsdoctor.engine._codes import CODES, Category, CodeInfo, Severity, all_codes, lookup
from corsdoctor.engine._errors import CorsdoctorError, InputError, ProtocolUsageError
from corsdoctor.engine._model import (
    Api,
    CredentialsMode,
    Evidence,
    Exchange,
    ExchangeKind,
    Failure,
    Finding,
    Header,
    HeaderList,
    Mode,
    PageRequest,
    RedirectMode,
    Response,
    ResponseTainting,
    Stage,
    WireRequest,
)
from corsdoctor.engine._profiles import PROFILES, Profile, get_profile
from corsdoctor.engine._safelist import (
    cors_unsafe_request_header_names,
    is_cors_safelisted_method,
    is_cors_safelisted_request_header,
    is_forbidden_method,
    is_forbidden_request_header,
    normalize_method,
)
from corsdoctor.engine._transaction import (
    Action,
    Done,
    FollowRedirect,
    SendPreflight,
    SendRequest,
    Transaction,
)
from corsdoctor.engine._url import Url, parse_origin, parse_url, same_origin
from corsdoctor.engine._verdict import BROWSERS, Verdict

__all__ = [
    "BROWSERS",
    "CODES",
    "PROFILES",
    "Action",
    "Api",
    "Category",
    "CodeInfo",
    "CorsdoctorError",
    "CredentialsMode",
    "Done",
    "Evidence",
    "Exchange",
    "ExchangeKind",
    "Failure",
    "Finding",
    "FollowRedirect",
    "Header",
    "HeaderList",
    "InputError",
    "Mode",
    "PageRequest",
    "PreflightCache",
    "Profile",
    "ProtocolUsageError",
    "RedirectMode",
    "Response",
    "ResponseTainting",
    "SendPreflight",
    "SendRequest",
    "Severity",
    "Stage",
    "Transaction",
    "Url",
    "Verdict",
    "WireRequest",
    "all_codes",
    "cors_unsafe_request_header_names",
    "get_profile",
    "is_cors_safelisted_method",
    "is_cors_safelisted_request_header",
    "is_forbidden_method",
    "is_forbidden_request_header",
    "lookup",
    "normalize_method",
    "parse_origin",
    "parse_url",
    "same_origin",
]
