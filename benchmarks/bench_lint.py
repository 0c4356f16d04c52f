"""Benchmark ``corsdoctor lint`` on a generated tree of 10,000 mixed configuration files (nginx, Apache,
Python, Express JS/TypeScript, NestJS, Spring, rack-cors, ASP.NET Core, Go, S3/Vercel/Netlify/SAM,
Terraform incl. CloudFront distributions).

Usage:  .venv/bin/python benchmarks/bench_lint.py [--files 10000] [--repeat 3] [--jobs 0]

Prints the median wall time to lint the tree (all cores), the median time to merely walk and
read the same files (the baseline, measured in the same run), files/s and the ratio.
Target (issue 7): >= 1,000 files/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from corsdoctor.lint.runner import lint_paths
from corsdoctor.lint.walk import walk

NGINX = """server {{
    listen {port};
    location /api{i}/ {{
        add_header Access-Control-Allow-Origin {origin} always;
        add_header Access-Control-Allow-Credentials true;
        if ($request_method = OPTIONS) {{
            add_header Access-Control-Max-Age 7200;
            return 204;
        }}
        proxy_pass http://127.0.0.1:{port};
    }}
}}
"""
HTACCESS = """<IfModule mod_headers.c>
  SetEnvIf Origin "https://(www\\.)?site{i}\\.example\\.com" CORS_ORIGIN=$0
  Header set Access-Control-Allow-Origin "%{{CORS_ORIGIN}}e" env=CORS_ORIGIN
  Header always set Access-Control-Allow-Credentials "true"
</IfModule>
"""
STARLETTE = """from starlette.middleware.cors import CORSMiddleware

app.add_middleware(CORSMiddleware, allow_origins=["https://app{i}.example.com/", "*"],
                   allow_credentials=True)


@app.put("/items/{{item_id}}")
async def put(item_id: int) -> None:
    return None
"""
DJANGO = """MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "corsheaders.middleware.CorsMiddleware"]
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\\w+\\.site{i}\\.com"]
CORS_ALLOW_CREDENTIALS = True
"""
EXPRESS = """const express = require('express');
const cors = require('cors');
const app = express();
app.use(cors({{ origin: /site{i}\\.example\\.com/, credentials: true }}));
app.put('/items/:id', (req, res) => res.sendStatus(204));
"""
SPRING = """class Cfg{i} implements WebMvcConfigurer {{
    public void addCorsMappings(CorsRegistry registry) {{
        registry.addMapping("/api/**").allowedOrigins("*").allowCredentials(true);
    }}
}}
"""
S3 = """[{{"AllowedOrigins": ["https://site{i}.example.com/"], "AllowedMethods": ["GET", "PUT", "OPTIONS"],
  "ExposedHeaders": ["ETag"]}}]
"""
VERCEL = """{{"headers": [{{"source": "/api/{i}/(.*)", "headers": [
  {{"key": "Access-Control-Allow-Origin", "value": "*"}},
  {{"key": "Access-Control-Allow-Credentials", "value": "true"}}]}}]}}
"""
NETLIFY = """/api/{i}/*
  Access-Control-Allow-Origin: https://a.example.com
  Access-Control-Allow-Origin: https://b.example.com
"""
SAM = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api{i}:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ["*"]
        AllowCredentials: true
"""
TYPESCRIPT = """import express, {{ Request }} from 'express';
import cors, {{ CorsOptions }} from 'cors';
const app = express();
const opts = {{ origin: ['https://site{i}.example.com/'] as const, credentials: true }} satisfies CorsOptions;
app.use(cors<Request>(opts as CorsOptions));
app.delete('/items/:id', cors({{ origin: true }}), (req: Request, res) => res.sendStatus(204));
"""
RACK = """Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins 'https://site{i}.example.com/', /site{i}\\.example\\.com/
    resource '/api/*', headers: :any, methods: %i[get post put delete], credentials: true
    resource '/public/*'
  end
end
"""
ASPNET = """builder.Services.AddCors(o => o.AddPolicy("P{i}", p => p
    .WithOrigins("https://site{i}.example.com/")
    .SetIsOriginAllowed(_ => true)
    .AllowAnyHeader().AllowAnyMethod().AllowCredentials()));
var app = builder.Build();
app.UseAuthorization();
app.UseCors("P{i}");
"""
GO = """package main

import (
\t"net/http"

\t"github.com/rs/cors"
)

func main() {{
\tc := cors.New(cors.Options{{AllowedOrigins: []string{{"https://site{i}.example.com/"}}, AllowCredentials: true}})
\thttp.HandleFunc("PUT /items/{{id}}", func(w http.ResponseWriter, r *http.Request) {{
\t\tw.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
\t}})
\t_ = http.ListenAndServe(":8080", c.Handler(http.DefaultServeMux))
}}
"""
TERRAFORM = """resource "aws_s3_bucket_cors_configuration" "b{i}" {{
  bucket = "bucket-{i}"
  cors_rule {{
    allowed_methods = ["PUT", "OPTIONS"]
    allowed_origins = ["https://site{i}.example.com/"]
  }}
}}
"""
NEST = """import {{ NestFactory }} from '@nestjs/core';
import {{ AppModule }} from './app.module';

async function bootstrap(): Promise<void> {{
  const app = await NestFactory.create(AppModule, {{ cors: {{ origin: /site{i}\\.example\\.com/, credentials: true }} }});
  app.enableCors({{ origin: true, credentials: true }});
  await app.listen({port});
}}
bootstrap();
"""
CLOUDFRONT = """resource "aws_cloudfront_distribution" "d{i}" {{
  enabled = true
  default_cache_behavior {{
    target_origin_id       = "o{i}"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    response_headers_policy_id = aws_cloudfront_response_headers_policy.p{i}.id
  }}
}}

resource "aws_cloudfront_response_headers_policy" "p{i}" {{
  name = "p{i}"
  cors_config {{
    access_control_allow_credentials = true
    access_control_allow_origins {{
      items = ["*"]
    }}
    access_control_allow_methods {{
      items = ["GET", "PUT"]
    }}
    access_control_allow_headers {{
      items = ["Authorization"]
    }}
    origin_override = true
  }}
}}
"""
PLAIN = "# notes {i}\nnothing to see here\n"

KINDS = [
    ("nginx/site{i}.conf", NGINX), ("apache{i}/.htaccess", HTACCESS), ("py/app{i}.py", STARLETTE),
    ("dj/settings{i}.py", DJANGO), ("js/server{i}.js", EXPRESS), ("java/Cfg{i}.java", SPRING),
    ("s3/cors{i}.json", S3), ("vercel{i}/vercel.json", VERCEL), ("netlify{i}/_headers", NETLIFY),
    ("sam/template{i}.yaml", SAM), ("ts/server{i}.ts", TYPESCRIPT), ("rb/config/initializers/cors{i}.rb", RACK),
    ("cs/Program{i}.cs", ASPNET), ("go/main{i}.go", GO), ("tf/cors{i}.tf", TERRAFORM), ("docs/readme{i}.md", PLAIN),
    ("nest/main{i}.ts", NEST), ("tf/cdn{i}.tf", CLOUDFRONT),
]


def generate(root: str, count: int) -> None:
    for i in range(count):
        pattern, body = KINDS[i % len(KINDS)]
        path = os.path.join(root, pattern.format(i=i))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        origin = "*" if i % 2 else "https://site.example.com/"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body.format(i=i, port=8000 + i % 1000, origin=origin))


def read_all(root: str) -> int:
    notes: list[str] = []
    total = 0
    for cand in walk([root], notes):
        with open(cand.real, "rb") as fh:
            total += len(fh.read())
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="corsdoctor-bench-") as root:
        t0 = time.perf_counter()
        generate(root, args.files)
        print(f"generated {args.files} files in {time.perf_counter() - t0:.2f}s under {root}", file=sys.stderr)
        read_times, lint_times = [], []
        findings = linted = 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            read_all(root)
            read_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = lint_paths([root], jobs=args.jobs)
            lint_times.append(time.perf_counter() - t)
            findings, linted = len(report.findings), report.linted
        read_med = statistics.median(read_times)
        lint_med = statistics.median(lint_times)
        cores = args.jobs or os.cpu_count() or 1
        print(f"files: {args.files} ({linted} recognised as configuration), findings: {findings}, "
              f"workers: {cores}, repeats: {args.repeat}")
        print(f"read only (baseline): median {read_med:.3f}s  ({args.files / read_med:,.0f} files/s)")
        print(f"lint:                 median {lint_med:.3f}s  ({args.files / lint_med:,.0f} files/s)")
        print(f"lint / read ratio:    {lint_med / read_med:.1f}x")
        target = 1000
        ok = args.files / lint_med >= target
        print(f"target >= {target} files/s: {'met' if ok else 'NOT met'}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
