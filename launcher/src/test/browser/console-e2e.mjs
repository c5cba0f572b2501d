// Drives the browser console in Debian's headless Chromium, as a new user would, in parts:
//   simplepush   open it, wait for the UAID, register a channel, PUT from the page's form and from
//                outside the page, and see both notifications arrive and get acked;
//   crypto       the page's own aes128gcm code (webpush-crypto.js) in Chromium's WebCrypto against
//                RFC 8291 Appendix A's example: decrypt its message, re-encrypt it byte for byte;
//   webpush-ui   become a Web Push device, generate a VAPID pair, register a restricted and an
//                unrestricted channel, and check their subscriptions are a browser's;
//   webpush      (needs the server's data mode, webpush.md) the page as a data-mode device: an
//                encrypted POST from its form arrives decrypted, a cancel gets 204, a message
//                encrypted outside the page by another implementation arrives decrypted, all acked.
// Exits 0 on success, 1 with a message otherwise.
//
//   node console-e2e.mjs <console URL> [screenshot.png] [--parts=simplepush,crypto,webpush-ui,webpush]
//
// ConsoleBrowserIT runs it against dev mode; by hand: `npm ci` here, then start dev mode.
import { chromium } from 'playwright-core';
import * as independent from './rfc8291.mjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALL_PARTS = ['simplepush', 'crypto', 'webpush-ui', 'webpush'];
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

/** The page as a data-mode device, end to end through the server (webpush.md W1–W5). */
async function webPush(page) {
  if (await page.locator('#channels .subscription').count() < 2) {
    await webPushUi(page);
  }
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
