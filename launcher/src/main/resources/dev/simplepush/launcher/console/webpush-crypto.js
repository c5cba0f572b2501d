// Web Push message encryption for the console, with WebCrypto only: the aes128gcm content coding
// (RFC 8188) keyed as RFC 8291 says, subscription keys as a browser makes them, and VAPID
// (RFC 8292) signatures. A plain script (no modules, no bundler) that defines WebPushCrypto on
// the global object, so the page and a Node test (webpush-crypto.test.mjs) run the same bytes.
'use strict';

(() => {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  const encoder = new TextEncoder();
  const ECDH = {name: 'ECDH', namedCurve: 'P-256'};
  const ECDSA = {name: 'ECDSA', namedCurve: 'P-256'};
  /** RFC 8188 header: salt (16) + record size (4) + key id length (1) + key id (65, RFC 8291 §4). */
  const SALT_BYTES = 16;
  const KEY_BYTES = 65;
  const HEADER_BYTES = SALT_BYTES + 4 + 1 + KEY_BYTES;
  const TAG_BYTES = 16;
  const RECORD_SIZE = 4096;
  /** A push service must take 4096-byte bodies (RFC 8030 §7.2): 3993 bytes of plaintext in one record (RFC 8291 §4). */
  const MAX_BODY = 4096;

  // ---- Bytes.

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  function ascii(text) {
    return encoder.encode(text);
  }

  /** base64url without padding, as Web Push writes keys, salts and message bodies. */
  function encode(bytes) {
    let binary = '';
    for (const b of bytes) {
      binary += String.fromCharCode(b);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** Decodes base64url (or base64), with or without padding; throws on anything else. */
  function decode(text) {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_+/-]*={0,2}$/.test(text)) {
      throw new Error('not base64url');
    }
    const plain = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    if (plain.length % 4 === 1) {
      throw new Error('not base64url');
    }
    const binary = atob(plain + '='.repeat((4 - plain.length % 4) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  function bytesOf(value) {
    return typeof value === 'string' ? decode(value) : new Uint8Array(value);
  }

  function publicPoint(value, what) {
    const point = bytesOf(value);
    if (point.length !== KEY_BYTES || point[0] !== 0x04) {
      throw new Error(`${what} is not an uncompressed P-256 point (65 bytes starting with 4)`);
    }
    return point;
  }

  // ---- Keys.

  /** A private P-256 key as JWK from its scalar d and its public point (WebCrypto imports no raw private keys). */
  function privateJwk(d, publicKey) {
    const point = publicPoint(publicKey, 'the public key');
    return {kty: 'EC', crv: 'P-256', d: encode(bytesOf(d)), x: encode(point.subarray(1, 33)), y: encode(point.subarray(33))};
  }

  /**
   * What a browser makes for a push subscription: an ECDH P-256 pair (p256dh = the raw public
   * point) and a 16-byte authentication secret. The private key comes back as a JWK so that the
   * device can be stored and restored.
   */
  async function newSubscriptionKeys() {
    const pair = await subtle.generateKey(ECDH, true, ['deriveBits']);
    const p256dh = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    return {
      p256dh: encode(p256dh),
      auth: encode(globalThis.crypto.getRandomValues(new Uint8Array(16))),
      privateJwk: await subtle.exportKey('jwk', pair.privateKey),
    };
  }

  /** An application server's VAPID pair (ECDSA P-256): publicKey is the raw point, base64url, as `key` in a register. */
  async function newVapidKeys() {
    const pair = await subtle.generateKey(ECDSA, true, ['sign', 'verify']);
    return {
      publicKey: encode(new Uint8Array(await subtle.exportKey('raw', pair.publicKey))),
      privateJwk: await subtle.exportKey('jwk', pair.privateKey),
    };
  }

  // ---- RFC 8291 key derivation.

  async function hkdf(salt, ikm, info, bytes) {
    const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    return new Uint8Array(await subtle.deriveBits({name: 'HKDF', hash: 'SHA-256', salt, info}, key, bytes * 8));
  }

  /**
   * The content encryption key and nonce of RFC 8291 §3.3–3.4 and RFC 8188 §2.2: the ECDH secret
   * mixed with the auth secret and both public keys into IKM, then IKM with the salt.
   */
  async function contentKeys(ecdhSecret, auth, uaPublic, asPublic, salt) {
    const keyInfo = concat(ascii('WebPush: info\0'), uaPublic, asPublic);
    const ikm = await hkdf(auth, ecdhSecret, keyInfo, 32);
    const cek = await hkdf(salt, ikm, ascii('Content-Encoding: aes128gcm\0'), 16);
    const nonce = await hkdf(salt, ikm, ascii('Content-Encoding: nonce\0'), 12);
    return {cek: await subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt', 'decrypt']), nonce};
  }

  async function ecdh(privateKey, publicRaw) {
    const peer = await subtle.importKey('raw', publicRaw, ECDH, false, []);
    return new Uint8Array(await subtle.deriveBits({name: 'ECDH', public: peer}, privateKey, 256));
  }

  /** The nonce of record seq: the base nonce XOR seq as a 96-bit big-endian number (RFC 8188 §2.3). */
  function recordNonce(nonce, seq) {
    const out = new Uint8Array(nonce);
    for (let i = 0, n = seq; i < 6 && n > 0; i++, n = Math.floor(n / 256)) {
      out[11 - i] ^= n % 256;
    }
    return out;
  }

  /** The most plaintext one message holds: one record, its delimiter byte and tag, in a 4096-byte body. */
  function maxPlaintext() {
    return MAX_BODY - HEADER_BYTES - 1 - TAG_BYTES;
  }

  /**
   * Encrypts plaintext (bytes or text) to a subscription (p256dh, auth) as one aes128gcm record
   * of record size 4096 ending in the 0x02 delimiter, with a fresh ephemeral ECDH key and salt.
   * `fixed` ({salt, asPrivateJwk}) replaces those two, for the RFC 8291 example only.
   */
  async function encrypt(plaintext, p256dh, auth, fixed = {}) {
    const data = typeof plaintext === 'string' ? encoder.encode(plaintext) : new Uint8Array(plaintext);
    if (data.length > maxPlaintext()) {
      throw new Error(`at most ${maxPlaintext()} bytes fit in one record; this is ${data.length}`);
    }
    const uaPublic = publicPoint(p256dh, 'p256dh');
    const secret = bytesOf(auth);
    let privateKey;
    let asPublic;
    if (fixed.asPrivateJwk) {
      const jwk = fixed.asPrivateJwk;
      privateKey = await subtle.importKey('jwk', jwk, ECDH, false, ['deriveBits']);
      asPublic = concat([4], decode(jwk.x), decode(jwk.y));
    } else {
      const pair = await subtle.generateKey(ECDH, true, ['deriveBits']);
      privateKey = pair.privateKey;
      asPublic = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    }
    const salt = fixed.salt ? bytesOf(fixed.salt) : globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const {cek, nonce} = await contentKeys(await ecdh(privateKey, uaPublic), secret, uaPublic, asPublic, salt);
    const record = new Uint8Array(await subtle.encrypt({name: 'AES-GCM', iv: nonce, tagLength: 128}, cek,
      concat(data, [0x02])));
    const header = new Uint8Array(HEADER_BYTES - KEY_BYTES);
    header.set(salt, 0);
    new DataView(header.buffer).setUint32(SALT_BYTES, RECORD_SIZE);
    header[SALT_BYTES + 4] = KEY_BYTES;
    return concat(header, asPublic, record);
  }

  /**
   * Decrypts an aes128gcm body (bytes or base64url) with a subscription's keys
   * ({privateJwk, p256dh, auth}): every record, checking each one's padding delimiter (0x01,
   * and 0x02 for the last). Throws on any failure, which a device acks with code 101.
   */
  async function decrypt(body, keys) {
    const bytes = bytesOf(body);
    if (bytes.length < HEADER_BYTES + TAG_BYTES + 1) {
      throw new Error(`${bytes.length} bytes are too few for an aes128gcm message`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const salt = bytes.subarray(0, SALT_BYTES);
    const rs = view.getUint32(SALT_BYTES);
    const idlen = bytes[SALT_BYTES + 4];
    if (idlen !== KEY_BYTES) {
      throw new Error(`the key id is ${idlen} bytes, not a 65-byte public key`);
    }
    if (rs < TAG_BYTES + 2) {
      throw new Error(`record size ${rs} is too small`);
    }
    const asPublic = publicPoint(bytes.subarray(SALT_BYTES + 5, HEADER_BYTES), 'the sender key');
    const uaPublic = publicPoint(keys.p256dh, 'p256dh');
    const privateKey = await subtle.importKey('jwk', keys.privateJwk, ECDH, false, ['deriveBits']);
    const {cek, nonce} = await contentKeys(await ecdh(privateKey, asPublic), bytesOf(keys.auth), uaPublic, asPublic, salt);

    const parts = [];
    const content = bytes.subarray(HEADER_BYTES);
    for (let seq = 0, at = 0; at < content.length; seq++, at += rs) {
      const last = at + rs >= content.length;
      const record = content.subarray(at, Math.min(at + rs, content.length));
      let padded;
      try {
        padded = new Uint8Array(await subtle.decrypt({name: 'AES-GCM', iv: recordNonce(nonce, seq), tagLength: 128}, cek, record));
      } catch (e) {
        throw new Error(`record ${seq} does not decrypt (wrong keys, or altered on the way)`);
      }
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) {
        end--;
      }
      if (end < 0 || padded[end] !== (last ? 0x02 : 0x01)) {
        throw new Error(`record ${seq} has no valid padding delimiter`);
      }
      parts.push(padded.subarray(0, end));
    }
    return concat(...parts);
  }

  // ---- VAPID (RFC 8292).

  /**
   * The Authorization header of RFC 8292 §3: `vapid t=<JWT>, k=<public key>`, the JWT signed
   * ES256 (WebCrypto's ECDSA signature is already the raw r||s that JWS wants), for the origin of
   * the endpoint, valid 12 hours.
   */
  async function vapidAuthorization(endpoint, vapid, options = {}) {
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    const header = encode(ascii(JSON.stringify({typ: 'JWT', alg: 'ES256'})));
    const claims = encode(ascii(JSON.stringify({
      aud: new URL(endpoint).origin,
      exp: now + 12 * 3600,
      sub: options.sub ?? 'mailto:console@localhost',
    })));
    const key = await subtle.importKey('jwk', vapid.privateJwk, ECDSA, false, ['sign']);
    const signature = new Uint8Array(await subtle.sign({name: 'ECDSA', hash: 'SHA-256'}, key, ascii(`${header}.${claims}`)));
    return `vapid t=${header}.${claims}.${encode(signature)}, k=${vapid.publicKey}`;
  }

  globalThis.WebPushCrypto = Object.freeze({
    available: Boolean(subtle),
    RECORD_SIZE,
    encode,
    decode,
    privateJwk,
    newSubscriptionKeys,
    newVapidKeys,
    maxPlaintext,
    encrypt,
    decrypt,
    vapidAuthorization,
  });
})();
