// Express + cors, configured with CORS root causes; prints the port it listens on.
// Started by tests/check/test_real_servers.py on 127.0.0.1 with an ephemeral port.
const express = require("express");
const cors = require("cors");

const app = express();
// A fixed origin string: cors always sends it, whatever the request's Origin (mismatch).
app.get("/fixed-origin", cors({ origin: "https://app.example.com" }), (req, res) => res.send("ok"));
// origin: true reflects any origin; with credentials this lets any site read the user's data.
app.get("/reflect", cors({ origin: true, credentials: true }), (req, res) => res.send("ok"));
// Per-route cors() on PUT without app.options(): the preflight is not answered (404 from Express).
app.put("/no-options", cors({ origin: "http://localhost:3000" }), (req, res) => res.send("ok"));
// Correct: global cors with an allow-list answers preflights.
app.use("/ok", cors({ origin: ["http://localhost:3000"], methods: ["GET", "PUT"] }));
app.all("/ok", (req, res) => res.send("ok"));

const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
