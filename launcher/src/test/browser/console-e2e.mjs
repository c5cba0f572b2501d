// Drives the browser console in Debian's headless Chromium, as a new user would, in parts:
//   simplepush   open it, wait for the UAID, register a channel, PUT from the page's form and from
//                outside the page, and see both notifications arrive and get acked;
//   crypto       the page's own aes128gcm code (webpush-crypto.js) in Chromium's WebCrypto against
//                RFC 8291 Appendix A's example: decrypt its message, re-encrypt it byte for byte;
//   webpush-ui   become a Web Push device, generate a VAPID pair, register a restricted and an
//                unrestricted channel, and check their subscriptions are a browser's;
//   webpush-mocked  the page's whole Web Push side against a scripted node and gateway
//                (Playwright's routeWebSocket and route, frames as webpush.md W1-W4 write them):
//                its hello, registers, POST (headers, VAPID JWT, a body Node's OpenSSL decrypts
//                with the page's stored key), decrypted notifications and acks 100/101/102;
//   webpush      (needs the server's data mode, webpush.md) the page as a data-mode device: an
//                encrypted POST from its form arrives decrypted, a cancel gets 204, a message
//                encrypted outside the page by another implementation arrives decrypted, all acked.
// Exits 0 on success, 1 with a message otherwise.
//
//   node console-e2e.mjs <console URL> [screenshot.png] [--parts=simplepush,crypto,webpush-ui,webpush-mocked,webpush]
//
// ConsoleBrowserIT runs it against dev mode; by hand: `npm ci` here, then start dev mode.
import { chromium } from 'playwright-core';
import * as independent from './rfc8291.mjs';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALL_PARTS = ['simplepush', 'crypto', 'webpush-ui', 'webpush-mocked', 'webpush'];
const args = process.argv.slice(2);
const partsArg = args.find((a) => a.startsWith('--parts='));
const [consoleUrl, screenshotArg] = args.filter((a) => !a.startsWith('--'));
const parts = partsArg ? partsArg.slice('--parts='.length).split(',') : ALL_PARTS;
if (!consoleUrl || parts.some((p) => !ALL_PARTS.includes(p))) {
  console.error(`usage: node console-e2e.mjs <console URL> [screenshot.png] [--parts=${ALL_PARTS.join(',')}]`);
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const screenshot = resolve(screenshotArg ?? join(here, '..', '..', '..', 'target', 'console-screenshot.png'));
const TIMEOUT = 20_000;

/** Waits until the admin server's counter (summed over its samples, those with label if given) reaches at least min. */
async function waitForCounter(metricsUrl, name, min, label = '') {
  const deadline = Date.now() + TIMEOUT;
  let total = 0;
  while (Date.now() < deadline) {
    const text = await (await fetch(metricsUrl)).text();
    total = text.split('\n')
      .filter((line) => line.startsWith(name + ' ') || line.startsWith(name + '{'))
      .filter((line) => line.includes(label))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    if (total >= min) {
      return total;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${name} stayed at ${total}, expected at least ${min}`);
}

async function simplePush(page) {
  await page.goto(consoleUrl);
  const uaid = page.locator('#uaid');
  await page.waitForFunction(() => /^[0-9a-f]{32}$/i.test(document.getElementById('uaid').textContent));
  console.log(`connected with UAID ${await uaid.textContent()}`);
  await page.getByRole('status').filter({ hasText: /^connected$/ }).waitFor();

  await page.getByRole('button', { name: 'Register a channel' }).click();
  const endpointCode = page.locator('#channels .endpoint').first();
  await endpointCode.waitFor();
  const endpoint = await endpointCode.textContent();
  if (!/^http:\/\/.+\/update\/[A-Za-z0-9_-]+$/.test(endpoint)) {
    throw new Error(`not an endpoint: ${endpoint}`);
  }
  const curl = await page.locator('#channels .curl').first().textContent();
  if (curl !== `curl -X PUT -d version=1 ${endpoint}`) {
    throw new Error(`unexpected curl command: ${curl}`);
  }
  console.log(`registered ${endpoint}`);

  // From the page's form: a cross-origin fetch PUT to the gateway, timed to its arrival.
  await page.getByLabel('Version').fill('7');
  await page.getByLabel('Data (optional)').fill('hello from the page');
  await page.getByRole('button', { name: 'Send PUT' }).click();
  const arrivals = page.locator('#arrivals li');
  const fromPage = arrivals.filter({ hasText: /^version 7 on/ });
  await fromPage.waitFor();
  const pageText = await fromPage.textContent();
  if (!/hello from the page/.test(pageText) || !/\d+ ms from PUT to arrival/.test(pageText)) {
    throw new Error(`the page's own PUT shows as: ${pageText}`);
  }
  await page.getByText('PUT version 7: 200 {}').waitFor();
  console.log(`arrived: ${pageText}`);

  // From outside the page, as an app server (or curl) would.
  const response = await fetch(endpoint, { method: 'PUT', body: new URLSearchParams({ version: '8' }) });
  if (response.status !== 200) {
    throw new Error(`outside PUT got ${response.status} ${await response.text()}`);
  }
  const fromOutside = arrivals.filter({ hasText: /^version 8 on/ });
  await fromOutside.waitFor();
  const outsideText = await fromOutside.textContent();
  if (!/sent from outside this page/.test(outsideText)) {
    throw new Error(`the outside PUT shows as: ${outsideText}`);
  }
  console.log(`arrived: ${outsideText}`);
  if (await arrivals.count() !== 2) {
    throw new Error(`expected 2 notifications, saw ${await arrivals.count()}`);
  }

  // Both were acked, and the status panel reads the metrics.
  const metricsUrl = new URL('/metrics', consoleUrl).href;
  await waitForCounter(metricsUrl, 'simplepush_node_acks_total', 2);
  await page.waitForFunction(() => Number(document.getElementById('connections').textContent) >= 1);
  await page.locator('#channels .curl').filter({ hasText: 'version=9 ' }).waitFor();

  // A reload is the same device: the stored UAID and channel come back.
  const before = await uaid.textContent();
  await page.reload();
  await page.getByRole('status').filter({ hasText: /^connected$/ }).waitFor();
  const after = await uaid.textContent();
  if (after !== before || await page.locator('#channels .endpoint').count() !== 1) {
    throw new Error(`after a reload the UAID is ${after} (was ${before}) with ${await page.locator('#channels .endpoint').count()} channels`);
  }
}

/** RFC 8291 Appendix A (also §5): the example's keys, salt and resulting message. */
const RFC8291 = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  asPublic: 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  message: 'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

/** The page's crypto, as served and in Chromium's WebCrypto, against the RFC's example: no server involved. */
async function cryptoVectors(page) {
  if (page.url() !== consoleUrl) {
    await page.goto(consoleUrl);
  }
  const result = await page.evaluate(async (v) => {
    const W = window.WebPushCrypto;
    const device = { privateJwk: W.privateJwk(v.uaPrivate, v.uaPublic), p256dh: v.uaPublic, auth: v.auth };
    const decrypted = new TextDecoder().decode(await W.decrypt(v.message, device));
    const encrypted = W.encode(await W.encrypt(v.plaintext, v.uaPublic, v.auth,
      { salt: v.salt, asPrivateJwk: W.privateJwk(v.asPrivate, v.asPublic) }));
    const altered = W.decode(v.message);
    altered[altered.length - 1] ^= 1;
    let alteredError = null;
    try {
      await W.decrypt(altered, device);
    } catch (e) {
      alteredError = e.message;
    }
    return { secure: window.isSecureContext, decrypted, encrypted, alteredError };
  }, RFC8291);
  if (!result.secure) {
    throw new Error('the console is not a secure context, so it has no WebCrypto');
  }
  if (result.decrypted !== RFC8291.plaintext) {
    throw new Error(`the page decrypts RFC 8291's message to ${JSON.stringify(result.decrypted)}`);
  }
  if (result.encrypted !== RFC8291.message) {
    throw new Error(`the page encrypts RFC 8291's example to ${result.encrypted}`);
  }
  if (!/does not decrypt/.test(result.alteredError ?? '')) {
    throw new Error(`an altered message gave ${result.alteredError}`);
  }
  console.log('RFC 8291 Appendix A: the page decrypts the example message and re-encrypts it byte for byte');
}

const bytes = (text) => Buffer.from(text, 'base64url');

/** Becomes a Web Push device and registers a restricted channel (page-made VAPID pair) and an unrestricted one. */
async function webPushUi(page) {
  await page.getByLabel('Web Push (encrypted data)').check();
  await page.getByRole('button', { name: 'Register a channel' }).and(page.locator(':enabled')).waitFor();
  await page.getByRole('heading', { name: 'Send an encrypted message' }).waitFor();
  if (await page.getByRole('heading', { name: 'Send an update' }).isVisible()) {
    throw new Error('the PUT form is still shown to a Web Push device');
  }
  if (await page.locator('#channels li').count() !== 0) {
    throw new Error('the Web Push device starts with the SimplePush device\'s channels');
  }

  await page.getByRole('button', { name: 'Generate a VAPID key pair' }).click();
  const appKey = page.getByLabel('Application server key (optional)');
  await page.waitForFunction(() => document.getElementById('app-key').value.length > 80);
  const key = await appKey.inputValue();
  if (bytes(key).length !== 65 || bytes(key)[0] !== 4) {
    throw new Error(`the generated application server key is not a P-256 point: ${key}`);
  }
  await page.getByRole('button', { name: 'Register a channel' }).click();
  await page.locator('#channels li').nth(0).waitFor();
  await appKey.fill('');
  await page.getByRole('button', { name: 'Register a channel' }).click();
  await page.locator('#channels li').nth(1).waitFor();

  const subscriptions = [];
  for (const index of [0, 1]) {
    const item = page.locator('#channels li').nth(index);
    const json = JSON.parse(await item.locator('.subscription').textContent());
    if (Object.keys(json).join() !== 'endpoint,expirationTime,keys' || Object.keys(json.keys).join() !== 'p256dh,auth'
        || json.endpoint !== await item.locator('.endpoint').textContent()
        || !/^http:\/\/.+\/update\/[A-Za-z0-9_-]+$/.test(json.endpoint)
        || bytes(json.keys.p256dh).length !== 65 || bytes(json.keys.p256dh)[0] !== 4 || bytes(json.keys.auth).length !== 16) {
      throw new Error(`channel ${index + 1}'s subscription is not a browser's: ${JSON.stringify(json)}`);
    }
    subscriptions.push(json);
  }
  const restriction = await page.locator('#channels .restriction').allTextContents();
  if (!restriction[0].includes(key) || !restriction[0].includes('this page holds its private half') || !/^Unrestricted/.test(restriction[1])) {
    throw new Error(`the channels' restrictions read: ${restriction.join(' | ')}`);
  }
  if (subscriptions[0].endpoint === subscriptions[1].endpoint || subscriptions[0].keys.p256dh === subscriptions[1].keys.p256dh) {
    throw new Error('two channels share an endpoint or keys');
  }
  console.log(`Web Push subscriptions: ${subscriptions.map((s) => s.endpoint).join(', ')}`);
}

/** Waits for a condition the test itself (not the page) observes. */
async function until(what, condition) {
  const deadline = Date.now() + TIMEOUT;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * The page's Web Push side against a scripted node (the WebSocket, routed) and gateway (its
 * endpoints, routed): what the page sends is checked frame by frame and header by header, and
 * the notification frames are the ones webpush.md W3.1 describes.
 */
async function webPushMocked(mainPage) {
  // A page of its own, so that its routes never reach the other parts; same origin, same storage.
  const page = await mainPage.context().newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await mockedSession(page);
  } finally {
    await page.close();
  }
  if (errors.length > 0) {
    throw new Error(`errors on the mocked page: ${errors.join('; ')}`);
  }
}

async function mockedSession(page) {
  const config = await (await fetch(new URL('config.json', consoleUrl))).json();
  const uaid = 'a'.repeat(32);
  const gateway = 'http://127.0.0.1:9';
  const frames = [];
  const acks = [];
  const requests = [];
  let socket = null;
  /** The channel of each endpoint the scripted node gave out. */
  const endpoints = new Map();
  await page.routeWebSocket(config.webSocketUrl, (ws) => {
    socket = ws;
    ws.onMessage((text) => {
      const frame = JSON.parse(text);
      frames.push(frame);
      if (frame.messageType === 'hello') {
        ws.send(JSON.stringify({ messageType: 'hello', uaid, status: 200, use_webpush: true, broadcasts: {} }));
      } else if (frame.messageType === 'register') {
        const endpoint = `${gateway}/update/mock${endpoints.size + 1}`;
        endpoints.set(endpoint, frame.channelID);
        ws.send(JSON.stringify({ messageType: 'register', channelID: frame.channelID, status: 200, pushEndpoint: endpoint }));
      } else if (frame.messageType === 'ack') {
        acks.push(...frame.updates);
      }
    });
  });
  let posted = 0;
  await page.route(`${gateway}/**`, async (route) => {
    const request = route.request();
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': 'TTL, Topic, Urgency, Content-Encoding, Authorization, Content-Type',
      'Access-Control-Expose-Headers': 'Location, TTL' };
    if (request.method() === 'OPTIONS') {
      await route.fulfill({ status: 200, headers: cors });
      return;
    }
    requests.push({ method: request.method(), url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() });
    if (request.method() === 'DELETE') {
      await route.fulfill({ status: 204, headers: cors });
      return;
    }
    posted++;
    const id = `mockid${posted}`;
    const headers = request.headers();
    await route.fulfill({ status: 201, headers: { ...cors, Location: `${gateway}/m/${id}`, TTL: headers.ttl }, body: '' });
    // The node delivers it live: data is the body, base64url, byte for byte (W3.1, W3.5).
    socket.send(JSON.stringify({ messageType: 'notification', channelID: endpoints.get(request.url()), version: id, ttl: Number(headers.ttl),
      data: request.postDataBuffer().toString('base64url'), headers: { encoding: headers['content-encoding'] } }));
  });

  // A new Web Push device from its first load on, whatever the other parts stored.
  await page.addInitScript(() => {
    localStorage.removeItem('simplepush-console-webpush');
    localStorage.setItem('simplepush-console-mode', 'webpush');
  });
  await page.goto(consoleUrl);
  await page.getByRole('status').filter({ hasText: /^connected$/ }).waitFor();
  const hello = frames.find((f) => f.messageType === 'hello');
  if (hello.use_webpush !== true || hello.uaid !== '') {
    throw new Error(`the Web Push hello was ${JSON.stringify(hello)}`);
  }
  await page.getByRole('button', { name: 'Generate a VAPID key pair' }).click();
  await page.waitForFunction(() => document.getElementById('app-key').value.length > 80);
  const key = await page.getByLabel('Application server key (optional)').inputValue();
  await page.getByRole('button', { name: 'Register a channel' }).click();
  await page.locator('#channels li').nth(0).waitFor();
  await page.getByLabel('Application server key (optional)').fill('');
  await page.getByRole('button', { name: 'Register a channel' }).click();
  await page.locator('#channels li').nth(1).waitFor();
  const registers = frames.filter((f) => f.messageType === 'register');
  if (registers[0].key !== key || 'key' in registers[1] || !registers.every((r) => /^[0-9a-f]{32}$/.test(r.channelID))) {
    throw new Error(`the registers were ${JSON.stringify(registers)} (key ${key})`);
  }

  // The form's POST to the restricted channel: its headers, its VAPID JWT, its body.
  const secret = 'mocked: the gateway sees only ciphertext ✓';
  await page.getByLabel('Subscription', { exact: true }).selectOption({ index: 0 });
  await page.getByLabel('Message', { exact: true }).fill(secret);
  await page.getByLabel('TTL (seconds)').fill('120');
  await page.getByLabel('Topic (optional)').fill('news_1');
  await page.getByLabel('Urgency (optional)').selectOption('low');
  await page.getByRole('button', { name: 'Encrypt and POST' }).click();
  const shown = page.locator('#arrivals li.message').filter({ has: page.locator('.plaintext', { hasText: `“${secret}”` }) });
  await shown.waitFor();
  const post = requests.find((r) => r.method === 'POST');
  const h = post.headers;
  if (post.url !== `${gateway}/update/mock1` || h['content-encoding'] !== 'aes128gcm' || h.ttl !== '120'
      || h.topic !== 'news_1' || h.urgency !== 'low') {
    throw new Error(`the POST was ${post.url} with ${JSON.stringify(h)}`);
  }
  const vapid = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(h.authorization ?? '');
  if (!vapid || vapid[4] !== key) {
    throw new Error(`the POST's Authorization was ${h.authorization}`);
  }
  const claims = JSON.parse(Buffer.from(vapid[2], 'base64url'));
  const now = Date.now() / 1000;
  if (JSON.parse(Buffer.from(vapid[1], 'base64url')).alg !== 'ES256' || claims.aud !== gateway
      || claims.sub !== 'mailto:console@localhost' || Math.abs(claims.exp - (now + 12 * 3600)) > 120) {
    throw new Error(`the VAPID JWT says ${Buffer.from(vapid[1], 'base64url')} ${JSON.stringify(claims)}`);
  }
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') } });
  if (!verify('sha256', Buffer.from(`${vapid[1]}.${vapid[2]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(vapid[3], 'base64url'))) {
    throw new Error('the VAPID JWT does not verify under its k');
  }
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('simplepush-console-webpush')).channels);
  const plaintext = independent.decrypt(post.body, stored[0].privateJwk.d, stored[0].p256dh, stored[0].auth).toString();
  if (plaintext !== secret || post.body.length !== 86 + Buffer.byteLength(secret) + 17 || post.body.readUInt32BE(16) !== 4096) {
    throw new Error(`the POST body (${post.body.length} bytes) decrypts to ${JSON.stringify(plaintext)}`);
  }
  await until('the ack of the form\'s message', () => acks.length >= 1);
  if (JSON.stringify(acks[0]) !== JSON.stringify({ channelID: registers[0].channelID, version: 'mockid1', code: 100 })) {
    throw new Error(`the ack was ${JSON.stringify(acks[0])}`);
  }
  await page.getByText('POST: 201 · Location http://127.0.0.1:9/m/mockid1 · TTL 120 · signed with VAPID').waitFor();
  await page.getByRole('button', { name: 'Cancel this message' }).click();
  await page.getByText('DELETE http://127.0.0.1:9/m/mockid1: 204').waitFor();
  if (!requests.some((r) => r.method === 'DELETE' && r.url === `${gateway}/m/mockid1`)) {
    throw new Error('no DELETE reached the gateway');
  }

  // Frames the page must not show as plaintext, each acked with the code that says why.
  const chid2 = registers[1].channelID;
  const notification = (fields) => socket.send(JSON.stringify({ messageType: 'notification', ttl: 60, ...fields }));
  notification({ channelID: chid2, version: 'bad', data: Buffer.alloc(120, 7).toString('base64url'), headers: { encoding: 'aes128gcm' } });
  notification({ channelID: chid2, version: 'old', data: 'AAAA', headers: { encoding: 'aesgcm', encryption: 'salt=AAAA', crypto_key: 'dh=AAAA' } });
  notification({ channelID: 'f'.repeat(32), version: 'stranger', data: 'AAAA', headers: { encoding: 'aes128gcm' } });
  notification({ channelID: chid2, version: 'empty' });
  notification({ channelID: chid2, version: 'mockid1b', data: independent.encrypt('twice', stored[1].p256dh, stored[1].auth).toString('base64url'), headers: { encoding: 'aes128gcm' } });
  await until('five more acks', () => acks.length >= 6);
  const codes = Object.fromEntries(acks.slice(1).map((a) => [a.version, a.code]));
  if (JSON.stringify(codes) !== JSON.stringify({ bad: 101, old: 101, stranger: 102, empty: 100, mockid1b: 100 })) {
    throw new Error(`the acks' codes were ${JSON.stringify(codes)}`);
  }
  const texts = await page.locator('#arrivals li.message').allTextContents();
  const line = async (id) => page.locator(`#arrivals li.message[data-version="${id}"]`).textContent();
  if (!/does not decrypt/.test(await line('bad')) || !/aesgcm, which this page does not decrypt/.test(await line('old'))
      || !/no keys for/.test(await line('stranger')) || !/without data/.test(await line('empty'))
      || !/“twice”.*sent from outside this page/.test(await line('mockid1b'))) {
    throw new Error(`the messages show as:\n${texts.join('\n')}`);
  }
  console.log(`mocked node and gateway: ${acks.length} messages acked with ${acks.map((a) => a.code).join(', ')}`);
}

/** The page as a data-mode device, end to end through the server (webpush.md W1–W5). */
async function webPush(page) {
  // A new Web Push device, whatever the other parts left in the page's storage.
  await page.evaluate(() => {
    localStorage.removeItem('simplepush-console-webpush');
    localStorage.setItem('simplepush-console-mode', 'simplepush');
  });
  await page.reload();
  await webPushUi(page);
  const state = page.locator('#state');
  await page.waitForFunction(() => document.getElementById('state').textContent.startsWith('connected'));
  if (await state.textContent() !== 'connected') {
    throw new Error(`the server did not put the console in data mode: ${await state.textContent()}`);
  }
  const arrivals = page.locator('#arrivals li.message');
  const before = await arrivals.count();

  // From the page's form, to the restricted channel: encrypted in the page, VAPID-signed, POSTed.
  const secret = 'hello, encrypted ✓ (from the form)';
  await page.getByLabel('Subscription', { exact: true }).selectOption({ index: 0 });
  await page.getByLabel('Message', { exact: true }).fill(secret);
  await page.getByLabel('TTL (seconds)').fill('600');
  await page.getByLabel('Urgency (optional)').selectOption('high');
  await page.getByRole('button', { name: 'Encrypt and POST' }).click();
  const fromForm = arrivals.filter({ has: page.locator('.plaintext', { hasText: `“${secret}”` }) });
  await fromForm.waitFor();
  const formText = await fromForm.textContent();
  if (!/\d+ ms from POST to arrival/.test(formText) || !/acked with code 100/.test(formText) || !/on channel 1/.test(formText)) {
    throw new Error(`the form's message shows as: ${formText}`);
  }
  const result = page.locator('#post-result');
  await page.waitForFunction(() => /^POST: /.test(document.getElementById('post-result').textContent));
  const resultText = await result.textContent();
  if (!/^POST: 201 · Location http:\/\/[^ ]+\/m\/[A-Za-z0-9_-]+ · TTL 600 · signed with VAPID$/.test(resultText)) {
    throw new Error(`the form's POST got: ${resultText}`);
  }
  const messageId = /\/m\/([A-Za-z0-9_-]+)/.exec(resultText)[1];
  if (await fromForm.getAttribute('data-version') !== messageId) {
    throw new Error(`the message arrived with id ${await fromForm.getAttribute('data-version')}, its Location says ${messageId}`);
  }
  console.log(`arrived: ${formText}`);
  console.log(`form: ${resultText}`);

  // Cancel it: 204 although it was delivered already (W4.8).
  await page.getByRole('button', { name: 'Cancel this message' }).click();
  await page.waitForFunction(() => /^DELETE /.test(document.getElementById('post-result').textContent));
  if (!/^DELETE http:\/\/[^ ]+\/m\/[A-Za-z0-9_-]+: 204$/.test(await result.textContent())) {
    throw new Error(`the cancel got: ${await result.textContent()}`);
  }

  // From outside the page, encrypted by Node's OpenSSL (another implementation), to the unrestricted channel.
  const subscription = JSON.parse(await page.locator('#channels li').nth(1).locator('.subscription').textContent());
  const outside = 'from outside the page, by another RFC 8291 implementation';
  const response = await fetch(subscription.endpoint, {
    method: 'POST',
    headers: { 'Content-Encoding': 'aes128gcm', TTL: '60' },
    body: independent.encrypt(outside, subscription.keys.p256dh, subscription.keys.auth),
  });
  if (response.status !== 201 || !/\/m\/[A-Za-z0-9_-]+$/.test(response.headers.get('location') ?? '')) {
    throw new Error(`the outside POST got ${response.status} ${response.headers.get('location')} ${await response.text()}`);
  }
  const fromOutside = arrivals.filter({ has: page.locator('.plaintext', { hasText: `“${outside}”` }) });
  await fromOutside.waitFor();
  const outsideText = await fromOutside.textContent();
  if (!/on channel 2/.test(outsideText) || !/sent from outside this page/.test(outsideText) || !/acked with code 100/.test(outsideText)) {
    throw new Error(`the outside message shows as: ${outsideText}`);
  }
  console.log(`arrived: ${outsideText}`);
  if (await arrivals.count() !== before + 2) {
    throw new Error(`expected ${before + 2} messages, saw ${await arrivals.count()}`);
  }
  // Both acks reached the server as code 100 (delivery-node's metric, webpush.md W7.2).
  await waitForCounter(new URL('/metrics', consoleUrl).href, 'simplepush_node_webpush_acks_total', 2, 'code="100"');
}

async function run(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => console.log(`page ${message.type()}: ${message.text()}`));
  page.setDefaultTimeout(TIMEOUT);

  try {
    if (parts.includes('simplepush')) {
      await simplePush(page);
    }
    if (parts.includes('crypto')) {
      await cryptoVectors(page);
    }
    if (parts.includes('webpush-ui') || parts.includes('webpush')) {
      if (page.url() !== consoleUrl) {
        await page.goto(consoleUrl);
      }
    }
    if (parts.includes('webpush-ui')) {
      await webPushUi(page);
    }
    if (parts.includes('webpush-mocked')) {
      await webPushMocked(page);
    }
    if (parts.includes('webpush')) {
      await webPush(page);
    }
  } catch (error) {
    // What the page said when it failed: its connection, its last answers and arrivals.
    for (const id of ['state', 'device-result', 'put-result', 'post-result', 'arrivals']) {
      const text = await page.locator(`#${id}`).textContent({ timeout: 1000 }).catch(() => '(unreadable)');
      console.log(`page #${id}: ${text}`);
    }
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    throw error;
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
  if (errors.length > 0) {
    throw new Error(`errors on the page: ${errors.join('; ')}`);
  }
}

const userDataDir = await mkdtemp(join(tmpdir(), 'simplepush-console-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  await run(page);
  console.log(`console end-to-end (${parts.join(', ')}): passed`);
} catch (error) {
  console.error(`console end-to-end: FAILED: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await context?.close();
  await rm(userDataDir, { recursive: true, force: true });
}
