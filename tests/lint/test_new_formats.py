"""Extraction details of the TypeScript, rack-cors, ASP.NET Core, Go and Terraform extractors that the
fixture runner (line + code) cannot see: exact columns, values, defaults and which files are claimed."""

from __future__ import annotations

from pathlib import Path

from corsdoctor.lint.formats import Source, detect
from corsdoctor.lint.policy import CorsPolicy, OriginKind

FIXTURES = Path(__file__).parent / "fixtures"


def _extract(name: str, text: str) -> tuple[str, tuple[CorsPolicy, ...]]:
    ex = detect(name, text)
    assert ex is not None, f"{name} not claimed"
    got = ex.extract(Source(path=name, real=name, text=text))
    assert not got.problems, got.problems
    return ex.name, got.policies


def _origins(policy: CorsPolicy) -> list[tuple[str, str, int, int]]:
    return [(o.kind.value, o.value.value, o.value.at.line, o.value.at.column) for o in policy.origins]


def test_typescript_values_behind_type_syntax() -> None:
    text = ("import cors from 'cors';\n"
            "const list = ['https://a.example.com', 'https://b.example.com'] as const;\n"
            "app.use(cors<Request>({ origin: list as unknown as string[], credentials: true } satisfies Opts));\n"
            "app.use(cors({ origin: <RegExp>/^https:\\/\\/x\\.example\\.com$/, methods: ('GET' as string) }));\n")
    fmt, policies = _extract("src/server.mts", text)
    assert fmt == "express"
    first, second = policies
    assert _origins(first) == [("exact", "https://a.example.com", 2, 15), ("exact", "https://b.example.com", 2, 40)]
    assert first.credentials is not None and first.credentials.value and first.credentials.at.column == 75
    assert _origins(second) == [("pattern", "^https:\\/\\/x\\.example\\.com$", 4, 32)]
    assert second.methods is not None and [m.value for m in second.methods.items] == ["GET"]


def test_tsx_is_parsed_with_the_tsx_grammar() -> None:
    text = ("import cors from 'cors';\nconst C = () => <div className=\"x\">{1}</div>;\n"
            "app.use(cors({ origin: 'https://app.example.com' }));\n")
    _, policies = _extract("web/App.tsx", text)
    assert _origins(policies[0]) == [("exact", "https://app.example.com", 3, 24)]


def test_rack_origins_resources_and_defaults() -> None:
    text = ("Rails.application.config.middleware.insert_before 0, Rack::Cors do\n"
            "  allow do\n"
            "    origins 'https://app.example.com', 'localhost:3000', /\\Ahttps:\\/\\/x\\.com\\z/\n"
            "    resource '/api/*', headers: %w[Authorization], methods: %i[get put], max_age: 600\n"
            "    resource '/public/*'\n"
            "  end\n"
            "end\n")
    fmt, policies = _extract("config/initializers/cors.rb", text)
    assert fmt == "rack"
    api, public = policies
    assert _origins(api) == [("exact", "https://app.example.com", 3, 13), ("pattern", "localhost:3000", 3, 40),
                             ("pattern", "\\Ahttps:\\/\\/x\\.com\\z", 3, 58)]
    assert api.methods is not None and [(m.value, m.at.column) for m in api.methods.items] == [("GET", 64), ("PUT", 68)]
    assert api.allow_headers is not None and api.allow_headers.names() == {"authorization"}
    assert api.max_age is not None and api.max_age.value == "600"
    assert public.methods is not None and public.methods.implicit and [m.value for m in public.methods.items] == ["GET"]
    assert public.allow_headers is not None and public.allow_headers.implicit
    assert [f.code for f in public.facts] == ["CORS212"]


def test_aspnet_builder_chain() -> None:
    text = ('builder.Services.AddCors(o => o.AddPolicy("Spa", p => p\n'
            '    .WithOrigins("https://app.example.com")\n'
            '    .WithMethods("GET", "PUT")\n'
            '    .AllowCredentials()\n'
            '    .SetPreflightMaxAge(TimeSpan.FromHours(2))));\n')
    fmt, policies = _extract("Program.cs", text)
    assert fmt == "aspnet"
    (spa,) = policies
    assert spa.scope == 'AddPolicy("Spa")'
    assert _origins(spa) == [("exact", "https://app.example.com", 2, 18)]
    assert spa.credentials is not None and (spa.credentials.at.line, spa.credentials.at.column) == (4, 6)
    assert spa.max_age is not None and spa.max_age.value == "7200"
    assert spa.allow_headers is not None and spa.allow_headers.implicit


def test_go_rs_cors_defaults_and_gin_default_config() -> None:
    text = ('package main\n\nimport (\n\t"github.com/rs/cors"\n\tgc "github.com/gin-contrib/cors"\n)\n\n'
            'func main() {\n'
            '\ta := cors.New(cors.Options{AllowCredentials: true})\n'
            '\tcfg := gc.DefaultConfig()\n'
            '\tcfg.AllowOrigins = []string{"https://app.example.com"}\n'
            '\tr.Use(gc.New(cfg))\n'
            '\t_ = a\n}\n')
    fmt, policies = _extract("cmd/api/main.go", text)
    assert fmt == "go"
    rs, gin = policies
    assert rs.format == "go-rscors" and rs.origins[0].kind is OriginKind.WILDCARD
    assert rs.methods is not None and rs.methods.implicit and rs.methods.names() == {"get", "post", "head"}
    assert gin.format == "go-gin"
    assert _origins(gin) == [("exact", "https://app.example.com", 11, 30)]
    assert gin.allow_headers is not None and (gin.allow_headers.at.line, gin.allow_headers.at.column) == (10, 9)


def test_terraform_values_and_run_time_values() -> None:
    text = ('resource "aws_apigatewayv2_api" "api" {\n'
            '  cors_configuration {\n'
            '    allow_origins = ["https://app.example.com", var.extra]\n'
            '    allow_credentials = true\n'
            '  }\n'
            '}\n')
    fmt, policies = _extract("infra/api.tf", text)
    assert fmt == "terraform"
    (api,) = policies
    assert api.format == "terraform-apigw"
    assert _origins(api) == [("exact", "https://app.example.com", 3, 22)]
    assert api.credentials is not None and api.credentials.value and api.credentials.at.line == 4


def test_claims_only_what_the_format_owns() -> None:
    assert detect("main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "cors-docs"\n}\n') is None
    assert detect("lib/util.rb", "def cors; end\n") is None
    assert detect("Util.cs", "class Util {}\n") is None
    assert detect("util.go", "package util\n") is None
    assert detect("config.ru", "use Rack::Cors do\nend\n") is not None


def _fix(name: str, text: str, code: str) -> str:
    from corsdoctor.lint.runner import lint_text

    found = [f for f in lint_text(name, text, real=name).findings if f.code == code]
    assert len(found) == 1, found
    return found[0].fix


def test_fixes_are_written_in_the_formats_own_syntax() -> None:
    rack = "use Rack::Cors do\n  allow do\n    origins /example\\.com/\n    resource '*', headers: :any, methods: :any\n  end\nend\n"
    assert _fix("config.ru", rack, "CORS703").endswith(r"/\Ahttps:\/\/([a-z0-9-]+\.)*example\.com\z/")
    aspnet = ('services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(_ => true).AllowCredentials()'
              '.AllowAnyHeader().AllowAnyMethod()));\n')
    assert _fix("Startup.cs", aspnet, "CORS701").startswith('.WithOrigins("https://app.example.com")')
    gin = ('package main\nimport "github.com/gin-contrib/cors"\nfunc main() {\n'
           '\tr.Use(cors.New(cors.Config{AllowAllOrigins: true, AllowCredentials: true, '
           'AllowHeaders: []string{"Authorization"}, AllowMethods: []string{"GET"}}))\n}\n')
    assert _fix("main.go", gin, "CORS105").startswith('AllowOrigins: []string{"https://app.example.com"}')
    tf = ('resource "aws_cloudfront_response_headers_policy" "p" {\n  cors_config {\n'
          '    access_control_allow_credentials = true\n'
          '    access_control_allow_origins {\n      items = ["*"]\n    }\n  }\n}\n')
    assert _fix("cdn.tf", tf, "CORS105").startswith('access_control_allow_origins { items = ["https://app.example.com"] }')


def test_glob_in_an_exact_list_is_fixed_with_the_stacks_own_pattern_option() -> None:
    starlette = ("from starlette.middleware.cors import CORSMiddleware\n"
                 "app.add_middleware(CORSMiddleware, allow_origins=['https://*.example.com'],\n"
                 "    allow_headers=['Authorization'], allow_methods=['*'])\n")
    assert _fix("app.py", starlette, "CORS109").startswith(
        r'allow_origin_regex=r"^https://[a-z0-9-]+\.example\.com$"')
    spring = ('@Configuration\npublic class C implements WebMvcConfigurer {\n'
              '  public void addCorsMappings(CorsRegistry r) {\n'
              '    r.addMapping("/**").allowedOrigins("https://*.example.com").allowedMethods("GET");\n  }\n}\n')
    assert _fix("C.java", spring, "CORS109").startswith('allowedOriginPatterns("https://*.example.com")')
    aspnet = ('services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://*.example.org")'
              '.AllowAnyHeader().AllowAnyMethod()));\n')
    assert _fix("Startup.cs", aspnet, "CORS109") == \
        '.WithOrigins("https://*.example.org").SetIsOriginAllowedToAllowWildcardSubdomains()'
    express = ("const cors = require('cors');\n"
               "app.use(cors({ origin: ['https://*.example.com', 'https://app.example.com'] }));\n")
    assert _fix("server.js", express, "CORS109") == \
        r"origin: [/^https:\/\/[a-z0-9-]+\.example\.com$/] (a RegExp, not a string)"


def _fixed_regex(fix: str) -> str:
    """The regex a CORS703 fix proposes, in Python syntax (from /…/, `…`, "~…", r"…" or SetEnvIf)."""
    import re

    m = re.search(r'/(\\A.*\\z|\^.*\$)/$|`(.*)`$|"~(.*)"$|SetEnvIf Origin "(.*)"|r"(.*)"$', fix)
    assert m is not None, fix
    rx = next(g for g in m.groups() if g)
    return rx.replace("\\/", "/").replace("\\z", "\\Z")


def test_every_cors703_fix_rejects_the_cited_attacker_origin() -> None:
    import re

    from corsdoctor.lint.rules.cors703_origin_regex_unanchored import _example
    from corsdoctor.lint.runner import lint_paths

    findings = [f for f in lint_paths([str(FIXTURES)], jobs=1).findings if f.code == "CORS703"]
    assert len(findings) >= 8
    for f in findings:
        rx = _fixed_regex(f.fix)
        evil = re.search(r"(https://\S+) is allowed", f.message)
        assert evil is not None, f.message
        assert re.search(rx, evil.group(1)) is None, (f.at, rx, evil.group(1))
        assert rx.startswith(("^", "\\A")) and rx.endswith(("$", "\\Z")), rx
        # ... and still accepts the origin the author meant.
        assert re.search(rx, _example(f.value)) is not None, (f.at, rx, _example(f.value))


def test_nestjs_enable_cors_and_create_option() -> None:
    main = ("import { NestFactory } from '@nestjs/core';\n"
            "async function bootstrap() {\n"
            "  const app = await NestFactory.create(AppModule, { cors: { origin: 'https://app.example.com', "
            "credentials: true } });\n"
            "  app.enableCors();\n}\n")
    name, policies = _extract("main.ts", main)
    assert name == "express" and [p.format for p in policies] == ["express-nestjs", "express-nestjs"]
    created, enabled = policies
    assert _origins(created) == [("exact", "https://app.example.com", 3, 69)] and created.credentialed
    assert _origins(enabled) == [("wildcard", "* (default)", 4, 3)] and not enabled.credentialed
    plain = "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\n"
    assert detect("main.ts", plain) is None  # no CORS configured: not a CORS file
    assert _fix("main.ts", "const app = await NestFactory.create(M);\napp.enableCors({ credentials: true });\n",
                "CORS105") == "app.enableCors({ origin: ['https://app.example.com'], credentials: true })"


def test_every_fixture_finding_is_complete_and_fixed_in_its_own_format() -> None:
    """code, name, severity, location, value, the browser's words and a fix that is not a rule's
    format-agnostic fallback — for every finding the fixtures produce."""
    import importlib

    from corsdoctor.lint import rules
    from corsdoctor.lint.runner import lint_paths

    fallbacks = set()
    for module in rules._MODULES:
        fixes = getattr(importlib.import_module(f"corsdoctor.lint.rules.{module}"), "FIXES", {})
        if "*" in fixes:
            fallbacks.add(fixes["*"])
    findings = lint_paths([str(FIXTURES)], jobs=1).findings
    assert len(findings) > 150
    for f in findings:
        assert f.code and f.name and f.severity is not None and f.at.line >= 1 and f.at.column >= 1, f
        assert f.value and f.fix and f.fix not in fallbacks, (f.at, f.code, f.format, f.fix)
        assert f.consequence.startswith(("Access to fetch at ", "No console error", "No console line: ",
                                         "The server or build")), \
            (f.at, f.code, f.consequence)
