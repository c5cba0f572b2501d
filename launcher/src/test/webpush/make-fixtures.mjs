// Writes messages encrypted by http_ece (the RFC 8188 / aesgcm library under npm web-push) with
// small record sizes and padding, so the Java test device's decryption (test-support's
// WebPushDecryption) is checked on several records, which web-push itself never sends.
//
//   node make-fixtures.mjs ../../../../test-support/src/test/resources/webpush/http-ece-records.json
//
// The output is committed; the Java unit test needs neither node nor the network.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ece = require('http_ece');
const out = process.argv[2];
if (!out) {
  console.error('usage: node make-fixtures.mjs <output.json>');
  process.exit(2);
}

const receiver = crypto.createECDH('prime256v1');
receiver.generateKeys();
const auth = crypto.randomBytes(16);
const b64 = (buffer) => Buffer.from(buffer).toString('base64url');

function message(name, version, rs, pad, plaintext) {
  const sender = crypto.createECDH('prime256v1');
  sender.generateKeys();
  const salt = crypto.randomBytes(16);
  const body = ece.encrypt(plaintext, {
    version, rs, pad, dh: b64(receiver.getPublicKey()), privateKey: sender, salt: b64(salt), authSecret: b64(auth),
  });
  const result = { name, encoding: version, body: b64(body), plaintext: b64(plaintext) };
  if (version === 'aesgcm') {
    result.encryption = `salt=${b64(salt)}; rs=${rs}`;
    result.cryptoKey = `dh=${b64(sender.getPublicKey())}`;
  }
  return result;
}

const text = Buffer.from('Records of a few bytes each, so the message spans several of them.', 'utf8');
const fixture = {
  generator: 'http_ece ' + require('http_ece/package.json').version + ' on node ' + process.version,
  receiver: { p256dh: b64(receiver.getPublicKey()), auth: b64(auth), privateKey: b64(receiver.getPrivateKey()) },
  messages: [
    message('aes128gcm, rs 25, no padding', 'aes128gcm', 25, 0, text),
    message('aes128gcm, rs 40, 30 bytes of padding', 'aes128gcm', 40, 30, text),
    message('aesgcm, rs 10, no padding', 'aesgcm', 10, 0, text),
    message('aesgcm, rs 24, 12 bytes of padding', 'aesgcm', 24, 12, text),
    message('aesgcm, rs 4096, one record of random bytes', 'aesgcm', 4096, 0, crypto.randomBytes(1000)),
  ],
};
for (const m of fixture.messages) {
  const decrypted = ece.decrypt(Buffer.from(m.body, 'base64url'), {
    version: m.encoding,
    rs: m.encryption ? Number(/rs=(\d+)/.exec(m.encryption)[1]) : undefined,
    privateKey: receiver,
    dh: m.cryptoKey ? /dh=([^;,]+)/.exec(m.cryptoKey)[1] : undefined,
    salt: m.encryption ? /salt=([^;,]+)/.exec(m.encryption)[1] : undefined,
    authSecret: b64(auth),
  });
  if (b64(decrypted) !== m.plaintext) {
    throw new Error(`http_ece does not read back its own message: ${m.name}`);
  }
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(fixture, null, 2) + '\n');
console.log(`wrote ${fixture.messages.length} messages to ${out}`);
