// Sends one Web Push message the way an application server would: the npm package web-push (an
// independent RFC 8291 / RFC 8292 implementation) encrypts the payload and signs VAPID; this
// script only carries its request over HTTP, because web-push's own sendNotification speaks
// https alone and the test server listens on plain http.
//
//   echo '<request JSON>' | node send.mjs
//
// The request (stdin): {"subscription": {"endpoint", "keys": {"p256dh", "auth"}},
//   "payload": "<base64url bytes>" | null, "encoding": "aes128gcm" | "aesgcm", "ttl": 60,
//   "vapid": {"subject", "publicKey", "privateKey"} | null, "topic"?, "urgency"?}
// The answer (stdout, one JSON line): {"status", "headers": {<lower-case name>: value},
//   "body": "<response text>", "sent": {"headers": {...}, "bodyBytes": n}}
// Exit 0 whenever an HTTP answer came back (whatever its status), 1 otherwise.
import webpush from 'web-push';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function main() {
  const request = await readStdin();
  const payload = request.payload == null ? null : Buffer.from(request.payload, 'base64url');
  const options = {
    TTL: request.ttl ?? 60,
    contentEncoding: request.encoding ?? 'aes128gcm',
    vapidDetails: request.vapid ?? null,
  };
  if (request.topic) {
    options.topic = request.topic;
  }
  if (request.urgency) {
    options.urgency = request.urgency;
  }
  const details = webpush.generateRequestDetails(request.subscription, payload, options);
  const headers = {};
  for (const [name, value] of Object.entries(details.headers)) {
    // fetch computes Content-Length itself and refuses to be told.
    if (name.toLowerCase() !== 'content-length') {
      headers[name] = String(value);
    }
  }
  const response = await fetch(details.endpoint, {
    method: details.method,
    headers,
    body: details.body ?? undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
    sent: { headers, bodyBytes: details.body ? details.body.length : 0 },
  };
  process.stdout.write(JSON.stringify(answer) + '\n');
}

main().catch((error) => {
  console.error(`send.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
