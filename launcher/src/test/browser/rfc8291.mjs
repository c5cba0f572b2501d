// An independent aes128gcm (RFC 8188) / RFC 8291 implementation on Node's own crypto (OpenSSL),
// not WebCrypto, used by the tests to check the console's encryption from the outside: what
// one encrypts, the other must decrypt. Supports several records, which the console never sends.
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const unb64u = (text) => Buffer.from(text, 'base64url');

function keys(ecdhSecret, auth, uaPublic, asPublic, salt) {
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, auth, info, 32));
  return {
    cek: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16)),
    nonce: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12)),
  };
}

function nonceOf(nonce, seq) {
  const out = Buffer.from(nonce);
  out.writeUInt32BE((out.readUInt32BE(8) ^ seq) >>> 0, 8); // seq < 2^32 here
  return out;
}

/** Encrypts plaintext to (p256dh, auth) in records of rs bytes, each plaintext chunk at most chunk bytes. */
export function encrypt(plaintext, p256dh, auth, { rs = 4096, chunk = rs - 17 } = {}) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const asPublic = ecdh.getPublicKey();
  const uaPublic = unb64u(p256dh);
  const salt = randomBytes(16);
  const { cek, nonce } = keys(ecdh.computeSecret(uaPublic), unb64u(auth), uaPublic, asPublic, salt);
  const data = Buffer.from(plaintext);
  const records = [];
  for (let seq = 0, at = 0; seq === 0 || at < data.length; seq++, at += chunk) {
    const last = at + chunk >= data.length;
    const cipher = createCipheriv('aes-128-gcm', cek, nonceOf(nonce, seq));
    const padded = Buffer.concat([data.subarray(at, at + chunk), Buffer.from([last ? 2 : 1])]);
    records.push(Buffer.concat([cipher.update(padded), cipher.final(), cipher.getAuthTag()]));
    if (!last && records.at(-1).length !== rs) {
      throw new Error('a record that is not the last must fill rs');
    }
  }
  const header = Buffer.alloc(21);
  salt.copy(header);
  header.writeUInt32BE(rs, 16);
  header[20] = 65;
  return Buffer.concat([header, asPublic, ...records]);
}

/** Decrypts a single-record aes128gcm body with a subscription's private scalar d (base64url). */
export function decrypt(body, d, p256dh, auth) {
  const bytes = Buffer.from(body);
  const salt = bytes.subarray(0, 16);
  const asPublic = bytes.subarray(21, 86);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(unb64u(d));
  const uaPublic = unb64u(p256dh);
  const { cek, nonce } = keys(ecdh.computeSecret(asPublic), unb64u(auth), uaPublic, asPublic, salt);
  const record = bytes.subarray(86);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) {
    throw new Error('no final delimiter');
  }
  return padded.subarray(0, end);
}

export { b64u, unb64u };
