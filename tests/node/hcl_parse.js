// Parse HCL files with HashiCorp's own HCL library (@cdktf/hcl2json, the Go parser compiled to
// WebAssembly).  Prints one JSON line per file: {"file": ..., "ok": true} or {"file", "ok": false,
// "error": ...}.  Used by tests/lint/test_terraform_parser.py.
"use strict";
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  for (const file of process.argv.slice(2)) {
    try {
      await parse(file, fs.readFileSync(file, "utf8"));
      console.log(JSON.stringify({ file, ok: true }));
    } catch (err) {
      console.log(JSON.stringify({ file, ok: false, error: String(err) }));
    }
  }
})();
