"""``corsdoctor explain``: turn pasted browser console messages into findings.

    >>> from corsdoctor.explain import explain
    >>> msg = explain("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' "
    ...               "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present "
    ...               "on the requested resource.").messages[0]
    >>> (msg.code, msg.stage, msg.url)
    ('CORS101', 'actual', 'https://api.example.com/x')
"""

from corsdoctor.explain._explain import (
    Closest,
    ExplainInputError,
    Explanation,
    closest,
    decode_input,
    explain,
)
from corsdoctor.explain._message import Message
from corsdoctor.explain._patterns import Browser
from corsdoctor.explain._report import (
    SCHEMA,
    message_to_dict,
    plain,
    text_segments,
    to_json,
    unrecognised_text,
)

__all__ = [
    "SCHEMA",
    "Browser",
    "Closest",
    "ExplainInputError",
    "Explanation",
    "Message",
    "closest",
    "decode_input",
    "explain",
    "message_to_dict",
    "plain",
    "text_segments",
    "to_json",
    "unrecognised_text",
]
