"""Inline suppression works in every format's own comment syntax, on the line or the line above.

Each case is a real configuration that reports ``code`` at the marked line; the same file with the
marker removed must report it (so a case cannot pass by the finding simply not being produced).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corsdoctor.lint.runner import lint_paths

# (file name, text with {m} where the marker comment goes, the code, the comment opener/closer)
CASES = [
    ("nginx.conf", "server {\n  location / {\n    add_header Access-Control-Allow-Origin * always;{m}\n"
     "    add_header Access-Control-Allow-Credentials true always;\n  }\n}\n", "CORS105", " #", ""),
    (".htaccess", "{m}\nHeader set Access-Control-Allow-Origin \"https://app.example.com\"\n", "CORS803", "#", ""),
    ("config.ru", "require 'rack/cors'\nuse Rack::Cors do\n  allow do\n    origins 'https://app.example.com/'{m}\n"
     "    resource '*', headers: :any, methods: :any\n  end\nend\nrun App\n", "CORS109", " #", ""),
    ("Program.cs", "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors(o => o.AddPolicy(\"p\", "
     "p => p\n    {m}\n    .AllowAnyOrigin()\n    .AllowCredentials()\n    .AllowAnyHeader().AllowAnyMethod()));\n"
     "var app = builder.Build();\napp.UseCors(\"p\");\napp.Run();\n", "CORS805", "//", ""),
    ("main.go", "package main\n\nimport \"github.com/rs/cors\"\n\nfunc main() {\n\tc := cors.New(cors.Options{\n"
     "\t\tAllowedOrigins: []string{\"https://app.example.com/\"},{m}\n"
     "\t\tAllowedMethods: []string{\"GET\", \"POST\", \"PUT\"},\n"
     "\t\tAllowedHeaders: []string{\"Authorization\", \"Content-Type\"},\n\t})\n\t_ = c\n}\n", "CORS109", " //", ""),
    ("main.tf", "resource \"aws_apigatewayv2_api\" \"a\" {\n  name = \"a\"\n  protocol_type = \"HTTP\"\n"
     "  cors_configuration {\n    allow_origins = [\"https://app.example.com/\"]{m}\n  }\n}\n", "CORS109", " #", ""),
    ("api.tf", "resource \"aws_apigatewayv2_api\" \"a\" {\n  name = \"a\"\n  protocol_type = \"HTTP\"\n"
     "  cors_configuration {\n    {m}\n    allow_origins = [\"https://app.example.com/\"]\n  }\n}\n", "CORS109",
     "//", ""),
    ("cdn.tf", "resource \"aws_apigatewayv2_api\" \"a\" {\n  name = \"a\"\n  protocol_type = \"HTTP\"\n"
     "  cors_configuration {\n    {m}\n    allow_origins = [\"https://app.example.com/\"]\n  }\n}\n", "CORS109",
     "/*", " */"),
    ("server.ts", "import cors from 'cors';\nimport express from 'express';\nconst app = express();\n"
     "app.use(cors({ origin: 'https://app.example.com/' }));{m}\n", "CORS109", " //", ""),
    ("server.js", "const cors = require('cors');\nconst app = require('express')();\n"
     "app.use(cors({ credentials: true }));{m}\n", "CORS105", " //", ""),
    ("main.py", "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\n"
     "app.add_middleware(CORSMiddleware,\n    {m}\n    allow_origins=['https://app.example.com/'])\n", "CORS109",
     "#", ""),
    ("WebConfig.java", "@Configuration\npublic class WebConfig implements WebMvcConfigurer {\n  @Override\n"
     "  public void addCorsMappings(CorsRegistry registry) {\n    registry.addMapping(\"/api/**\")\n"
     "      .allowedOrigins(\"http://partner.example.com\"){m}\n      .allowedMethods(\"GET\", \"POST\", \"PUT\");\n"
     "  }\n}\n", "CORS704", " //", ""),
    ("template.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n"
     "    Properties:\n      Name: a\n      ProtocolType: HTTP\n      CorsConfiguration:\n"
     "        AllowOrigins: [\"https://app.example.com/\"]{m}\n        AllowMethods: [GET]\n", "CORS109", "  #", ""),
    ("cors.xml", "<CORSConfiguration>\n <CORSRule>\n   {m}\n   <AllowedOrigin>https://app.example.com/</AllowedOrigin>\n"
     "   <AllowedMethod>GET</AllowedMethod>\n </CORSRule>\n</CORSConfiguration>\n", "CORS109", "<!--", " -->"),
    ("netlify.toml", "[[headers]]\n  for = \"/*\"\n  [headers.values]\n    {m}\n"
     "    Access-Control-Allow-Origin = \"https://app.example.com/\"\n", "CORS109", "#", ""),
    ("_headers", "/*\n  {m}\n  Access-Control-Allow-Origin: https://app.example.com/\n", "CORS109", "#", ""),
]


def _codes(tmp_path: Path, name: str, text: str) -> set[str]:
    target = tmp_path / name
    target.write_text(text)
    return {f.code for f in lint_paths([str(target)], jobs=1).findings}


@pytest.mark.parametrize(("name", "text", "code", "opener", "closer"), CASES, ids=[c[0] for c in CASES])
def test_marker_in_the_formats_comment_syntax(tmp_path: Path, name: str, text: str, code: str, opener: str,
                                              closer: str) -> None:
    assert code in _codes(tmp_path, name, text.replace("{m}", "")), "the unsuppressed file must report it"
    marked = text.replace("{m}", f"{opener} corsdoctor: ignore[{code}]{closer}")
    assert code not in _codes(tmp_path, name, marked)
    other = text.replace("{m}", f"{opener} corsdoctor: ignore[CORS999]{closer}")
    assert code in _codes(tmp_path, name, other), "a marker for another code must not suppress it"


def test_marker_in_an_nginx_include_applies_there(tmp_path: Path) -> None:
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "nginx.conf").write_text("http {\n    include conf.d/*.conf;\n}\n")
    api = tmp_path / "conf.d" / "api.conf"
    body = ("server {\n  location /api/ {\n    add_header Access-Control-Allow-Origin * always;{m}\n"
            "    add_header Access-Control-Allow-Credentials true always;\n  }\n}\n")
    api.write_text(body.replace("{m}", ""))
    found = lint_paths([str(tmp_path / "nginx.conf")], jobs=1).findings
    assert [(f.code, f.at.path, f.at.line) for f in found] == [
        ("CORS105", str(tmp_path / "conf.d" / "api.conf"), 3)]
    api.write_text(body.replace("{m}", "  # corsdoctor: ignore[CORS105]"))
    assert lint_paths([str(tmp_path / "nginx.conf")], jobs=1).findings == ()


def test_included_file_is_shown_relative_like_the_including_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deploy" / "conf.d").mkdir(parents=True)
    (tmp_path / "deploy" / "nginx.conf").write_text("http {\n    include conf.d/*.conf;\n}\n")
    (tmp_path / "deploy" / "conf.d" / "api.conf").write_text(
        "server {\n  location / {\n    add_header Access-Control-Allow-Origin * always;\n"
        "    add_header Access-Control-Allow-Credentials true always;\n  }\n}\n")
    monkeypatch.chdir(tmp_path)
    found = lint_paths(["deploy/nginx.conf"], jobs=1).findings
    assert [str(f.at) for f in found] == ["deploy/conf.d/api.conf:3:5"]
