// Writes requests made by the web-push library (an independent RFC 8291/8292 implementation) to a
// JSON file that the gateway's unit tests replay with a fixed clock, so CI needs no npm.
// Regenerate: npm ci && npm run generate   (see README.md next to this file)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const webpush = require('web-push');

const AUDIENCE = 'https://push.example.com';
const ENDPOINT = AUDIENCE + '/update/fixture-token';
const SUBJECT = 'mailto:fixtures@example.com';

const out = process.argv[2];
if (!out) {
  console.error('usage: node generate.js <output.json>');
  process.exit(2);
}

const createdAt = Math.floor(Date.now() / 1000);
const vapid = webpush.generateVAPIDKeys();
const receiver = crypto.createECDH('prime256v1');
receiver.generateKeys();
const auth = crypto.randomBytes(16);
const subscription = {
  endpoint: ENDPOINT,
  keys: { p256dh: receiver.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
};
const vapidDetails = { subject: SUBJECT, publicKey: vapid.publicKey, privateKey: vapid.privateKey };

function plainHeaders(headers) {
  const result = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = String(value);
  }
  return result;
}

function request(name, payload, options) {
  const details = webpush.generateRequestDetails(subscription, payload, options);
  return {
    name,
    headers: plainHeaders(details.headers),
    body: details.body ? Buffer.from(details.body).toString('base64url') : '',
    plaintext: payload ? Buffer.from(payload).toString('base64url') : '',
  };
}

const hello = Buffer.from('Hello from web-push: \u00e9\u00e8 \u2713', 'utf8');
// aes128gcm adds an 86-byte header, a padding delimiter and a 16-byte tag: 3993 bytes become 4096.
const largest = crypto.randomBytes(4096 - 86 - 1 - 16);

const requests = [
  request('aes128gcm with topic and urgency', hello,
    { vapidDetails, TTL: 3600, topic: 'news', urgency: 'high', contentEncoding: 'aes128gcm' }),
  request('aesgcm (WebPush and Crypto-Key p256ecdsa)', hello, { vapidDetails, TTL: 60, contentEncoding: 'aesgcm' }),
  request('aes128gcm of exactly 4096 bytes', largest, { vapidDetails, TTL: 86400, contentEncoding: 'aes128gcm' }),
  request('empty body with TTL 0', null, { vapidDetails, TTL: 0 }),
];
if (Buffer.from(requests[2].body, 'base64url').length !== 4096) {
  throw new Error('the largest body is not 4096 bytes; the padding arithmetic above is out of date');
}

// getVapidHeaders with an explicit expiration, one hour after createdAt, in both header forms.
const expiration = createdAt + 3600;
const explicit = {
  expiration,
  aes128gcm: webpush.getVapidHeaders(AUDIENCE, SUBJECT, vapid.publicKey, vapid.privateKey, 'aes128gcm', expiration),
  aesgcm: webpush.getVapidHeaders(AUDIENCE, SUBJECT, vapid.publicKey, vapid.privateKey, 'aesgcm', expiration),
};

const fixture = {
  generator: 'web-push ' + require('web-push/package.json').version + ' on node ' + process.version,
  createdAt,
  audience: AUDIENCE,
  subject: SUBJECT,
  vapidPublicKey: vapid.publicKey,
  receiver: {
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
    privateKey: receiver.getPrivateKey().toString('base64url'),
  },
  requests,
  vapidHeaders: explicit,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(fixture, null, 2) + '\n');
console.log('wrote ' + requests.length + ' requests to ' + out);
