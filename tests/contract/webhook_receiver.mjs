// A webhook receiver for the API tests, checking signatures with the Standard Webhooks project's
// own library (npm "standardwebhooks", pinned in package.json): code nobody here wrote.
// Usage: node webhook_receiver.mjs SECRET LOG_FILE [FAIL_FIRST] [DELAY_MS]
// Prints "listening PORT", then appends one JSON line per request to LOG_FILE: the time, the
// headers' id, whether the signature verified, the status answered and the parsed body. The
// first FAIL_FIRST requests are answered 500 on purpose (after being verified and logged).
import { createServer } from "node:http";
import { appendFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [secret, logFile, failFirst = "0", delayMs = "0"] = process.argv.slice(2);
const wh = new Webhook(secret);
let seen = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const n = ++seen;
    let verified = false;
    let payload = null;
    let error = null;
    try {
      payload = wh.verify(body, {
        "webhook-id": req.headers["webhook-id"],
        "webhook-timestamp": req.headers["webhook-timestamp"],
        "webhook-signature": req.headers["webhook-signature"],
      });
      verified = true;
    } catch (e) {
      error = String(e && e.message);
    }
    const status = !verified ? 400 : n <= Number(failFirst) ? 500 : 200;
    const answer = () => {
      appendFileSync(logFile, JSON.stringify({ n, at: Date.now(), method: req.method, id: req.headers["webhook-id"] ?? null,
        verified, error, status, payload }) + "\n");
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "no");
    };
    if (Number(delayMs) > 0) setTimeout(answer, Number(delayMs));
    else answer();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
