// Drives Debian's Firefox ESR, headless, over WebDriver BiDi (puppeteer-core) for
// FirefoxWebPushIT: one JSON command per stdin line, one answer per command on stdout as a line
// starting with "DRIVER " (anything else on stdout is Firefox's own output). Commands:
//
//   {"cmd":"launch","profile":"<dir>","serverUrl":"ws://127.0.0.1:<port>/"}  -> {"version"}
//      optional "remoteSettingsUrl":"http://127.0.0.1:<port>/v1": Firefox's Remote Settings server
//   {"cmd":"open","url":"http://127.0.0.1:<port>/"}                            -> {}
//   {"cmd":"subscribe","key":"<base64url application server key>"}            -> PushSubscription.toJSON()
//   {"cmd":"current"}                                                          -> toJSON() or null
//   {"cmd":"unsubscribe"}                                                      -> true/false/null
//   {"cmd":"quit"}    closes Firefox (the profile stays for the next launch)   -> {}
//   {"cmd":"exit"}    closes Firefox if open and ends this script
//
// An answer is {"ok":true,"result":…} or {"ok":false,"error":"…"}. The prefs point Firefox's push
// service at our server; FIREFOX (default /usr/bin/firefox-esr) names the binary and
// FIREFOX_PUSH_DEBUG=1 lets Firefox log its push service to stdout.
import puppeteer from 'puppeteer-core';
import readline from 'node:readline';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DEBUG = process.env.FIREFOX_PUSH_DEBUG === '1';
const TIMEOUT = 30_000;

let browser = null;
let page = null;

function prefs(serverUrl, remoteSettingsUrl) {
  const result = {
    // Firefox's push service (PushServiceWebSocket) talks to our delivery node, over ws://.
    'dom.push.enabled': true,
    'dom.push.connection.enabled': true,
    'dom.push.serverURL': serverUrl,
    'dom.push.testing.allowInsecureServerURL': true,
    // No permission prompt (and no quota by permission) for subscribe in a headless test.
    'dom.push.testing.ignorePermission': true,
    'permissions.default.desktop-notification': 1,
    // Service workers on a plain-http test origin.
    'dom.serviceWorkers.enabled': true,
    'dom.serviceWorkers.testing.enabled': true,
  };
  if (remoteSettingsUrl) {
    // Remote Settings (which listens to the broadcast remote-settings/monitor_changes) polls
    // this server instead of Mozilla's when told a new version.
    result['services.settings.server'] = remoteSettingsUrl;
  }
  if (DEBUG) {
    Object.assign(result, {
      'dom.push.loglevel': 'Debug',
      // "Push notification received (version=… phase=…)" for each broadcast handled.
      'services.settings.loglevel': 'info',
      'browser.dom.window.dump.enabled': true,
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
    });
  }
  return result;
}

async function launch({ profile, serverUrl, remoteSettingsUrl }) {
  if (browser) {
    throw new Error('Firefox is already running');
  }
  // With a profile of ours, puppeteer writes its prefs to user.js and, on close, restores a
  // prefs.js it found at launch: the push service's uaid (pref dom.push.userAgentID) written in
  // a fresh profile's first run survives, and IndexedDB (the subscriptions) is never touched.
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: prefs(serverUrl, remoteSettingsUrl),
    // A release build (ESR) ignores a services.settings.server of its own (the puppeteer
    // default's dummy.test included) unless this is set: it would poll Mozilla's server instead.
    env: remoteSettingsUrl ? { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' } : process.env,
    dumpio: DEBUG,
    protocolTimeout: TIMEOUT,
  });
  page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (message) => console.log(`page ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  return { version: await browser.version() };
}

function requirePage() {
  if (!page) {
    throw new Error('Firefox is not running: launch first');
  }
  return page;
}

async function quit() {
  if (browser) {
    const closing = browser;
    browser = null;
    page = null;
    await closing.close();
  }
  return {};
}

const commands = {
  launch,
  open: async ({ url }) => {
    await requirePage().goto(url, { waitUntil: 'load' });
    return {};
  },
  subscribe: ({ key }) => requirePage().evaluate((k) => window.subscribe(k), key),
  current: () => requirePage().evaluate(() => window.currentSubscription()),
  unsubscribe: () => requirePage().evaluate(() => window.unsubscribe()),
  quit,
};

function answer(value) {
  process.stdout.write('DRIVER ' + JSON.stringify(value) + '\n');
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  let command;
  try {
    command = JSON.parse(line);
  } catch (error) {
    answer({ ok: false, error: `not JSON: ${line}` });
    continue;
  }
  if (command.cmd === 'exit') {
    break;
  }
  const handler = commands[command.cmd];
  if (!handler) {
    answer({ ok: false, error: `unknown command ${command.cmd}` });
    continue;
  }
  try {
    answer({ ok: true, result: (await handler(command)) ?? null });
  } catch (error) {
    answer({ ok: false, error: String(error?.stack ?? error) });
  }
}
await quit().catch((error) => console.log(`closing Firefox: ${error}`));
process.exit(0);
