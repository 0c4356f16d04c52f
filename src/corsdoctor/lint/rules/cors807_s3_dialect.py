"""CORS807: an S3/GCS CORS rule in the wrong dialect (key names, methods, wildcards).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html — console/CLI JSON uses
``ExposeHeaders``/``MaxAgeSeconds``/``ID``; CloudFormation ``ExposedHeaders``/``MaxAge``/``Id``;
``AllowedMethods`` ∈ GET, PUT, POST, DELETE, HEAD (never OPTIONS); one ``*`` per origin.
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS807",
    consequence_for=lambda p, f: f.value if f.value.startswith("Access to") else consequence.chromium(
        "PreflightInvalidStatus", p, preflight=True) + " (S3: 403 CORSResponse: This CORS request is not allowed)",
)
