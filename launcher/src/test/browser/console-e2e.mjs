// Drives the browser console in Debian's headless Chromium, as a new user would: open it, wait
// for the UAID, register a channel, PUT from the page's form and from outside the page, and see
// both notifications arrive and get acked. Exits 0 on success, 1 with a message otherwise.
//
//   node console-e2e.mjs <console URL> [screenshot.png]
//
// ConsoleBrowserIT runs it against dev mode; by hand: `npm ci` here, then start dev mode.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [consoleUrl, screenshotArg] = process.argv.slice(2);
if (!consoleUrl) {
  console.error('usage: node console-e2e.mjs <console URL> [screenshot.png]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const screenshot = resolve(screenshotArg ?? join(here, '..', '..', '..', 'target', 'console-screenshot.png'));
const TIMEOUT = 20_000;

/** Waits until the admin server's counter (summed over its samples) reaches at least min. */
async function waitForCounter(metricsUrl, name, min) {
  const deadline = Date.now() + TIMEOUT;
  let total = 0;
  while (Date.now() < deadline) {
    const text = await (await fetch(metricsUrl)).text();
    total = text.split('\n')
      .filter((line) => line.startsWith(name + ' ') || line.startsWith(name + '{'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    if (total >= min) {
      return total;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${name} stayed at ${total}, expected at least ${min}`);
}

async function run(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => console.log(`page ${message.type()}: ${message.text()}`));
  page.setDefaultTimeout(TIMEOUT);

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

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  // A reload is the same device: the stored UAID and channel come back.
  const before = await uaid.textContent();
  await page.reload();
  await page.getByRole('status').filter({ hasText: /^connected$/ }).waitFor();
  const after = await uaid.textContent();
  if (after !== before || await page.locator('#channels .endpoint').count() !== 1) {
    throw new Error(`after a reload the UAID is ${after} (was ${before}) with ${await page.locator('#channels .endpoint').count()} channels`);
  }
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
  console.log('console end-to-end: passed');
} catch (error) {
  console.error(`console end-to-end: FAILED: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await context?.close();
  await rm(userDataDir, { recursive: true, force: true });
}
