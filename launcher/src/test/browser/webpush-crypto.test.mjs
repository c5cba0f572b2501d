// The console's Web Push crypto (console/webpush-crypto.js, the very file the page loads) under
// Node's WebCrypto, checked against RFC 8291 Appendix A's example and against an independent
// implementation on Node's OpenSSL crypto (rfc8291.mjs): no server, no browser.
//
//   node --test webpush-crypto.test.mjs      (ConsoleCryptoIT runs it)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { runInThisContext } from 'node:vm';
import * as independent from './rfc8291.mjs';

const source = new URL('../../main/resources/dev/simplepush/launcher/console/webpush-crypto.js', import.meta.url);
runInThisContext(await readFile(source, 'utf8'), { filename: source.pathname });
const W = globalThis.WebPushCrypto;

/** RFC 8291 Appendix A (also §5): the example's keys, salt and the resulting message. */
const RFC = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  asPublic: 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  message: 'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};
const rfcDevice = { privateJwk: W.privateJwk(RFC.uaPrivate, RFC.uaPublic), p256dh: RFC.uaPublic, auth: RFC.auth };
const text = (bytes) => new TextDecoder().decode(bytes);

test('the RFC 8291 example message decrypts to its plaintext with the user agent keys', async () => {
  assert.equal(text(await W.decrypt(RFC.message, rfcDevice)), RFC.plaintext);
});

test('encrypting with the example sender key and salt gives the RFC 8291 message byte for byte', async () => {
  const body = await W.encrypt(RFC.plaintext, RFC.uaPublic, RFC.auth,
    { salt: RFC.salt, asPrivateJwk: W.privateJwk(RFC.asPrivate, RFC.asPublic) });
  assert.equal(W.encode(body), RFC.message);
});

test('the RFC message with one bit flipped, or the wrong auth secret, does not decrypt', async () => {
  const altered = W.decode(RFC.message);
  altered[100] ^= 1;
  await assert.rejects(W.decrypt(altered, rfcDevice), /does not decrypt/);
  const otherAuth = W.encode(crypto.getRandomValues(new Uint8Array(16)));
  await assert.rejects(W.decrypt(RFC.message, { ...rfcDevice, auth: otherAuth }), /does not decrypt/);
  await assert.rejects(W.decrypt(W.decode(RFC.message).subarray(0, 90), rfcDevice), /too few/);
});

test('a fresh subscription looks like a browser\'s: a 65-byte P-256 point and a 16-byte auth secret', async () => {
  const keys = await W.newSubscriptionKeys();
  assert.equal(W.decode(keys.p256dh).length, 65);
  assert.equal(W.decode(keys.p256dh)[0], 4);
  assert.equal(W.decode(keys.auth).length, 16);
  assert.match(keys.p256dh + keys.auth, /^[A-Za-z0-9_-]+$/);
  assert.equal(keys.privateJwk.crv, 'P-256');
  assert.ok(keys.privateJwk.d);
});

test('each message has a fresh salt and sender key, one 4096-byte record ending in 0x02, and decrypts', async () => {
  const keys = await W.newSubscriptionKeys();
  const one = await W.encrypt('héllo ✓', keys.p256dh, keys.auth);
  const two = await W.encrypt('héllo ✓', keys.p256dh, keys.auth);
  const plaintext = new TextEncoder().encode('héllo ✓');
  assert.equal(one.length, 86 + plaintext.length + 1 + 16);
  assert.equal(new DataView(one.buffer).getUint32(16), 4096);
  assert.equal(one[20], 65);
  assert.notDeepEqual(one.subarray(0, 16), two.subarray(0, 16));
  assert.notDeepEqual(one.subarray(21, 86), two.subarray(21, 86));
  assert.equal(text(await W.decrypt(one, keys)), 'héllo ✓');
  // Node's OpenSSL implementation reads the page's message, padding delimiter included.
  assert.equal(text(independent.decrypt(one, keys.privateJwk.d, keys.p256dh, keys.auth)), 'héllo ✓');
});

test('messages from an independent implementation decrypt, in one record or in several', async () => {
  const keys = await W.newSubscriptionKeys();
  const single = independent.encrypt('from OpenSSL', keys.p256dh, keys.auth);
  assert.equal(text(await W.decrypt(single, keys)), 'from OpenSSL');
  const long = 'x'.repeat(100) + 'y'.repeat(50);
  const records = independent.encrypt(long, keys.p256dh, keys.auth, { rs: 57, chunk: 40 });
  assert.equal(records.length, 86 + 57 * 3 + (30 + 17));
  assert.equal(text(await W.decrypt(records, keys)), long);
});

test('a record whose delimiter says "more follow" cannot end the message', async () => {
  const keys = await W.newSubscriptionKeys();
  const records = independent.encrypt('a'.repeat(80), keys.p256dh, keys.auth, { rs: 57, chunk: 40 });
  await assert.rejects(W.decrypt(records.subarray(0, 86 + 57), keys), /delimiter/);
});

test('3993 bytes of plaintext make a 4096-byte body; one more byte is refused', async () => {
  const keys = await W.newSubscriptionKeys();
  assert.equal(W.maxPlaintext(), 3993);
  const body = await W.encrypt(new Uint8Array(3993).fill(65), keys.p256dh, keys.auth);
  assert.equal(body.length, 4096);
  assert.equal((await W.decrypt(body, keys)).length, 3993);
  await assert.rejects(W.encrypt(new Uint8Array(3994), keys.p256dh, keys.auth), /at most 3993 bytes/);
});

test('the VAPID header is an ES256 JWT for the endpoint\'s origin, valid 12 hours, that its key verifies', async () => {
  const vapid = await W.newVapidKeys();
  assert.equal(W.decode(vapid.publicKey).length, 65);
  const header = await W.vapidAuthorization('http://127.0.0.1:8081/update/abc', vapid, { nowSeconds: 1_700_000_000 });
  const match = /^vapid t=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header);
  assert.ok(match, header);
  const [, head, claims, signature, k] = match;
  assert.deepEqual(JSON.parse(Buffer.from(head, 'base64url')), { typ: 'JWT', alg: 'ES256' });
  assert.deepEqual(JSON.parse(Buffer.from(claims, 'base64url')),
    { aud: 'http://127.0.0.1:8081', exp: 1_700_000_000 + 43_200, sub: 'mailto:console@localhost' });
  assert.equal(k, vapid.publicKey);
  assert.equal(Buffer.from(signature, 'base64url').length, 64, 'JWS ES256 is raw r||s');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url')));
});

test('base64url decodes with or without padding and refuses other text', () => {
  assert.deepEqual([...W.decode('AQI')], [1, 2]);
  assert.deepEqual([...W.decode('AQI=')], [1, 2]);
  assert.deepEqual([...W.decode('-_8')], [251, 255]);
  assert.throws(() => W.decode('a b'), /not base64url/);
  assert.throws(() => W.decode('A'), /not base64url/);
  assert.equal(W.encode(new Uint8Array([251, 255])), '-_8');
});
