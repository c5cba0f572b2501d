// Independent SimplePush conformance client, written from the wire spec (simplepush-protocol.md) alone, without reading the server.
// Usage: node check.mjs [filterRegex]   (env: WS_URL, HTTP_HOST, HTTP_PORT, CONC)
import WebSocket from 'ws';
import http from 'node:http';
import crypto from 'node:crypto';

const WS_URL = process.env.WS_URL || 'ws://127.0.0.1:28080/';
const HTTP_HOST = process.env.HTTP_HOST || '127.0.0.1';
const HTTP_PORT = +(process.env.HTTP_PORT || 28081);
const CONC = +(process.env.CONC || 12);
const FILTER = process.argv[2] ? new RegExp(process.argv[2], 'i') : null;
const VERBOSE = !!process.env.VERBOSE;

// ---------------------------------------------------------------- utilities
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uuid = () => crypto.randomUUID();
const hex32 = () => crypto.randomUUID().replace(/-/g, '');
const nowSec = () => Math.floor(Date.now() / 1000);
function trunc(s, n = 260) {
  s = String(s);
  if (s.length <= n) return s;
  return s.slice(0, 150) + `…(${s.length} chars)…` + s.slice(-60);
}
function canon(v) {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
}
const deq = (a, b) => canon(a) === canon(b);
function J(s) { try { return JSON.parse(s); } catch { return undefined; } }
// lossless parse: numeric "version" values become {$int:"digits"} (or {$num:"..."} if not an integer literal)
function N(s) {
  const t = s.replace(/("version"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, a, b) =>
    a + JSON.stringify({ [/^-?\d+$/.test(b) ? '$int' : '$num']: b }));
  return J(t);
}
const verOf = (u) => (u && u.version && typeof u.version === 'object' && u.version.$int !== undefined ? u.version.$int : 'NONINT:' + JSON.stringify(u && u.version));
const V4 = /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/;
const EP_RE = /^https?:\/\/.+\/update\/[A-Za-z0-9_-]+$/;

// ---------------------------------------------------------------- results
const counts = { PASS: 0, FAIL: 0, INFO: 0, ERROR: 0 };
const fails = [];
const allCloseCodes = [];

class Ctx {
  constructor(name, sec) { this.name = name; this.sec = sec; this.tr = []; this.res = []; this.clients = []; this.n = 0; }
  log(l) { this.tr.push(trunc(l, VERBOSE ? 100000 : 300)); }
  check(cond, sec, what, exp, got) {
    this.res.push({ kind: cond ? 'PASS' : 'FAIL', sec, what, exp, got: got === undefined ? '' : trunc(typeof got === 'string' ? got : JSON.stringify(got), 400) });
    return cond;
  }
  info(sec, what, got) { this.res.push({ kind: 'INFO', sec, what, exp: '(server choice)', got: trunc(typeof got === 'string' ? got : JSON.stringify(got), 400) }); }
  async open(opts = {}) {
    const label = opts.label || String.fromCharCode(65 + this.n++);
    const url = opts.url || WS_URL;
    const c = new Client(this, label);
    if (opts.noCount) c.selfClosed = true;
    this.clients.push(c);
    this.log(`${label}: connect ${url}${opts.protocols ? ' protocols=' + JSON.stringify(opts.protocols) : ''}`);
    await c.connect(url, opts);
    return c;
  }
  // ---- HTTP
  async http(method, path, { body, headers = {}, chunks } = {}) {
    const b = body === undefined ? undefined : Buffer.from(body);
    const h = { ...headers };
    if (b !== undefined && !chunks) h['Content-Length'] = b.length;
    const tag = `H> ${method} ${trunc(path, 120)} ${Object.entries(h).filter(([k]) => k !== 'Content-Length').map(([k, v]) => k + ': ' + v).join('; ')} body=${b === undefined ? '(none)' : JSON.stringify(trunc(b.toString(), 160)) + ` [${b.length}B]`}`;
    this.log(tag);
    const r = await new Promise((resolve) => {
      const req = http.request({ host: HTTP_HOST, port: HTTP_PORT, method, path, headers: h, agent: false, timeout: 8000 }, (res) => {
        const bufs = [];
        res.on('data', (d) => bufs.push(d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(bufs).toString() }));
        res.on('error', (e) => resolve({ status: -1, headers: {}, body: 'ERR ' + e.message }));
      });
      req.on('timeout', () => { req.destroy(new Error('timeout')); });
      req.on('error', (e) => resolve({ status: -1, headers: {}, body: 'ERR ' + e.message }));
      if (chunks) { for (const ch of chunks) req.write(ch); req.end(); } else req.end(b);
    });
    this.log(`H< ${r.status} ct=${r.headers['content-type'] || '-'}${r.headers['allow'] ? ' allow=' + r.headers['allow'] : ''}${r.headers['access-control-allow-origin'] ? ' acao=' + r.headers['access-control-allow-origin'] : ''} ${JSON.stringify(trunc(r.body, 200))}`);
    return r;
  }
  put(ep, body, headers = { 'Content-Type': 'application/x-www-form-urlencoded' }, method = 'PUT') {
    return this.http(method, pathOf(ep), { body, headers });
  }
}
function pathOf(ep) { if (ep.startsWith('/')) return ep; const u = new URL(ep); return u.pathname + u.search; }

class Client {
  constructor(ctx, label) { this.ctx = ctx; this.label = label; this.q = []; this.waiters = []; this.closed = null; }
  connect(url, opts) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, opts.protocols, { handshakeTimeout: 5000, headers: opts.headers || {}, maxPayload: 64 * 1024 * 1024 });
      this.ws = ws;
      const to = setTimeout(() => { reject(new Error('connect timeout')); try { ws.terminate(); } catch {} }, 6000);
      ws.on('open', () => { clearTimeout(to); this.ctx.log(`${this.label}: open (protocol=${JSON.stringify(ws.protocol)})`); resolve(this); });
      ws.on('unexpected-response', (req, res) => { clearTimeout(to); this.ctx.log(`${this.label}: upgrade refused HTTP ${res.statusCode}`); const e = new Error('HTTP ' + res.statusCode); e.status = res.statusCode; reject(e); });
      ws.on('error', (e) => { clearTimeout(to); this.ctx.log(`${this.label}: error ${e.message}`); reject(e); });
      ws.on('message', (d, isBin) => {
        const s = isBin ? `<binary ${d.length}B>` : d.toString();
        this.ctx.log(`${this.label} S> ${s}`);
        this._push({ type: 'msg', text: s, bin: isBin });
      });
      ws.on('close', (code, reason) => {
        this.closed = { type: 'close', code, reason: reason.toString() };
        if (!this.selfClosed) allCloseCodes.push(code);
        this.ctx.log(`${this.label} S> [close ${code}${reason.length ? ' ' + reason : ''}]`);
        this._push(this.closed);
      });
    });
  }
  _push(ev) { const w = this.waiters.shift(); if (w) w(ev); else this.q.push(ev); }
  send(x, opts) {
    const s = typeof x === 'string' || Buffer.isBuffer(x) ? x : JSON.stringify(x);
    this.ctx.log(`${this.label} C> ${Buffer.isBuffer(s) && opts?.binary !== false ? `<binary ${s.length}B>` : s}${opts && opts.fin === false ? '  [fragment, fin=0]' : ''}`);
    try { this.ws.send(s, opts || {}); } catch (e) { this.ctx.log(`${this.label}: send error ${e.message}`); }
  }
  next(ms = 2000) {
    if (this.q.length) return Promise.resolve(this.q.shift());
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const w = (ev) => { clearTimeout(t); resolve(ev); };
      const t = setTimeout(() => { const i = this.waiters.indexOf(w); if (i >= 0) this.waiters.splice(i, 1); resolve({ type: 'timeout' }); }, ms);
      this.waiters.push(w);
    });
  }
  async nextJSON(ms = 2000) { const ev = await this.next(ms); return ev.type === 'msg' ? J(ev.text) : undefined; }
  // collect everything that arrives within ms (stops at close)
  async quiet(ms = 1000) {
    const evs = []; const end = Date.now() + ms;
    while (Date.now() < end) {
      const ev = await this.next(Math.max(1, end - Date.now()));
      if (ev.type === 'timeout') break;
      evs.push(ev);
      if (ev.type === 'close') break;
    }
    return evs;
  }
  async waitClose(ms = 2000) {
    const end = Date.now() + ms; let ev;
    while (Date.now() < end) {
      ev = await this.next(Math.max(1, end - Date.now()));
      if (ev.type === 'close' || ev.type === 'timeout') return ev;
    }
    return { type: 'timeout' };
  }
  isOpen() { return this.ws.readyState === WebSocket.OPEN; }
  close() { this.selfClosed = true; try { this.ws.close(1000); } catch {} }
  kill() { this.selfClosed = true; try { this.ws.terminate(); } catch {} }
}
const fmt = (ev) => ev.type === 'msg' ? ev.text : ev.type === 'close' ? `[close ${ev.code}]` : '[timeout]';
const fmtAll = (evs) => evs.length ? evs.map(fmt).join(' | ') : '(nothing)';

// ---------------------------------------------------------------- protocol helpers
async function hello(c, fields = {}, ms = 3000) {
  c.send({ messageType: 'hello', channelIDs: [], ...fields });
  const ev = await c.next(ms);
  return { ev, m: ev.type === 'msg' ? J(ev.text) : undefined };
}
async function device(ctx, fields = {}, opts = {}) {
  const c = await ctx.open(opts);
  const { m } = await hello(c, { uaid: '', ...fields });
  if (!m || m.status !== 200) throw new Error('setup hello failed: ' + JSON.stringify(m));
  c.uaid = m.uaid;
  return c;
}
async function register(c, chid, ms = 3000) {
  c.send({ messageType: 'register', channelID: chid });
  const ev = await c.next(ms);
  return { ev, m: ev.type === 'msg' ? J(ev.text) : undefined };
}
async function regOK(c, chid = uuid()) {
  const { m } = await register(c, chid);
  if (!m || m.status !== 200 || !m.pushEndpoint) throw new Error('setup register failed: ' + JSON.stringify(m));
  return { chid, ep: m.pushEndpoint };
}
// Expect an echo error: the client's object + status/error, then a close 1000.
async function expectEcho(ctx, c, sentObj, status, sec, what) {
  const texts = { 401: 'Invalid Command', 503: 'Service Unavailable', 500: 'An unexpected error occurred' };
  const ev = await c.next(3000);
  const exp = { ...sentObj, status, error: texts[status] };
  const m = ev.type === 'msg' ? J(ev.text) : undefined;
  const ok1 = m !== undefined && deq(m, exp) && (m.status === status) && Number.isInteger(m.status);
  ctx.check(ok1, sec, `${what}: echo error ${status}`, trunc(JSON.stringify(exp), 300), fmt(ev));
  const cl = ev.type === 'close' ? ev : await c.waitClose(3000);
  ctx.check(cl.type === 'close' && cl.code === 1000, '§2.2', `${what}: normal close (1000) after echo`, 'close 1000', fmt(cl));
  return m;
}
async function expectSilentClose(ctx, c, sec, what, codeWanted) {
  const evs = await c.quiet(3000);
  const msgs = evs.filter((e) => e.type === 'msg');
  const cl = evs.find((e) => e.type === 'close');
  ctx.check(msgs.length === 0 && !!cl, sec, `${what}: closed without reply`, 'close, no message', fmtAll(evs));
  if (cl) (ctx.silentCodes ||= []).push(cl.code);
  return cl;
}
async function expectNotif(ctx, c, chid, version, sec, what, { data, ms = 3000 } = {}) {
  const ev = await c.next(ms);
  const m = ev.type === 'msg' ? N(ev.text) : undefined;
  const u = m && Array.isArray(m.updates) ? m.updates : [];
  const ok = m && m.messageType === 'notification' && u.length === 1 && u[0].channelID === chid && verOf(u[0]) === String(version);
  ctx.check(!!ok, sec, `${what}: notification ${chid.slice(0, 8)}… v${version}`, `{"messageType":"notification","updates":[{"channelID":"${chid}","version":${version}${data !== undefined ? ',"data":…' : ''}}]}`, fmt(ev));
  if (ok && data !== undefined) {
    if (data === null) ctx.check(!('data' in u[0]), '§6.3', `${what}: no "data" key`, 'no data key', fmt(ev));
    else ctx.check(u[0].data === data, '§6.3', `${what}: data verbatim`, JSON.stringify(trunc(data, 100)), JSON.stringify(trunc(u[0].data, 100)));
  }
  return m;
}
async function expectNothing(ctx, c, ms, sec, what) {
  const evs = await c.quiet(ms);
  ctx.check(evs.length === 0, sec, what, `nothing within ${ms} ms`, fmtAll(evs));
  return evs;
}
const form = (o) => Object.entries(o).map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');

// ---------------------------------------------------------------- test registry
const tests = [];
const T = (name, sec, fn, { timeout = 40000, long = false } = {}) => tests.push({ name, sec, fn, timeout, long });


// ---------------------------------------------------------------- runner
async function runOne(t) {
  const ctx = new Ctx(t.name, t.sec);
  const t0 = Date.now();
  let err;
  try {
    await Promise.race([t.fn(ctx), sleep(t.timeout).then(() => { throw new Error(`check timed out after ${t.timeout} ms`); })]);
  } catch (e) { err = e; }
  for (const c of ctx.clients) c.kill();
  const lines = [];
  lines.push(`=== ${t.name} [${t.sec}] (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const r of ctx.res) {
    counts[r.kind]++;
    lines.push(`  ${r.kind} ${r.sec} ${r.what}` + (r.kind === 'PASS' && !VERBOSE ? '' : `\n       expected: ${r.exp}\n       got:      ${r.got}`));
    if (r.kind === 'FAIL') fails.push(`${t.name} :: ${r.sec} ${r.what}`);
  }
  if (err) { counts.ERROR++; fails.push(`${t.name} :: ERROR ${err.message}`); lines.push(`  ERROR ${err.stack.split('\n').slice(0, 2).join(' ')}`); }
  if (err || ctx.res.some((r) => r.kind === 'FAIL') || VERBOSE) lines.push('  transcript:\n' + ctx.tr.map((l) => '    ' + l).join('\n'));
  console.log(lines.join('\n'));
}

async function main() {
  const list = tests.filter((t) => !FILTER || FILTER.test(t.name) || FILTER.test(t.sec));
  // long-running ones first so the total stays short
  list.sort((a, b) => (b.long ? 1 : 0) - (a.long ? 1 : 0));
  const t0 = Date.now();
  let i = 0;
  async function worker() { while (i < list.length) { const t = list[i++]; await runOne(t); } }
  await Promise.all(Array.from({ length: Math.min(CONC, list.length) }, worker));
  console.log(`\n=== close codes seen from server: ${JSON.stringify(Object.fromEntries([...new Set(allCloseCodes)].map((c) => [c, allCloseCodes.filter((x) => x === c).length])))}`);
  if (!FILTER) {
    const has4774 = allCloseCodes.includes(4774);
    counts[has4774 ? 'FAIL' : 'PASS']++;
    console.log(`  ${has4774 ? 'FAIL' : 'PASS'} §11.4 (checklist 55) close code 4774 never sent with the no-op driver`);
    if (has4774) fails.push('§11.4 4774 sent');
  }
  console.log(`\n=== FAIL list (${fails.length}):\n` + fails.map((f) => '  - ' + f).join('\n'));
  console.log(`\n=== SUMMARY: ${list.length} check groups, PASS ${counts.PASS}, FAIL ${counts.FAIL}, INFO ${counts.INFO}, ERROR ${counts.ERROR}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(counts.FAIL || counts.ERROR ? 1 : 0);
}

// =====================================================================================
// CHECKS
// =====================================================================================

// ---------------- §1 transport
T('transport: upgrade on / with and without subprotocol', '§1.1/§1.2 (cl.1)', async (ctx) => {
  const a = await ctx.open();
  ctx.check(a.ws.protocol === '', '§1.2', 'no subprotocol offered → accepted, none selected', 'open, protocol ""', JSON.stringify(a.ws.protocol));
  const { m } = await hello(a, { uaid: '' });
  ctx.check(m && m.status === 200, '§1.2', 'hello works without subprotocol', 'hello 200', m);
  let b;
  try { b = await ctx.open({ protocols: ['push-notification'] }); } catch (e) { b = null; ctx.check(false, '§1.2', 'offered push-notification → echoed', 'open with protocol push-notification', e.message); }
  if (b) ctx.check(b.ws.protocol === 'push-notification', '§1.2', 'offered push-notification → echoed', 'push-notification', JSON.stringify(b.ws.protocol));
  try { const c = await ctx.open({ protocols: ['foo', 'push-notification'] }); ctx.check(c.ws.protocol === 'push-notification', '§1.2', 'offered [foo, push-notification] → push-notification selected', 'push-notification', c.ws.protocol); }
  catch (e) { ctx.check(false, '§1.2', 'offered [foo, push-notification] → push-notification selected', 'open', e.message); }
  try { const d = await ctx.open({ protocols: ['foo'], noCount: true }); ctx.info('§1.2', 'offered only unknown subprotocol "foo"', `accepted, protocol=${JSON.stringify(d.ws.protocol)}`); }
  catch (e) { ctx.info('§1.2', 'offered only unknown subprotocol "foo"', `upgrade answered 101 without selecting a subprotocol (client-side abort: ${e.message})`); }
  try { const e = await ctx.open({ url: WS_URL.replace(/\/$/, '') + '/some/other/path' }); const r = await hello(e, { uaid: '' }); ctx.info('§1.1', 'upgrade on another path (MAY)', `accepted; hello → ${fmt(r.ev)}`); }
  catch (e) { ctx.info('§1.1', 'upgrade on another path (MAY)', `refused: ${e.message}`); }
  try { const f = await ctx.open({ headers: { Origin: 'http://evil.example.com' } }); const r = await hello(f, { uaid: '' }); ctx.check(r.m && r.m.status === 200, '§1.7', 'Origin not checked by default (foreign Origin accepted)', 'hello 200', fmt(r.ev)); }
  catch (e) { ctx.check(false, '§1.7', 'Origin not checked by default (foreign Origin accepted)', 'accepted', e.message); }
});

T('transport: 200 KiB / 256 KiB / 1 MiB messages accepted', '§1.5 (cl.2)', async (ctx) => {
  const pad = (total, base) => { const s = JSON.stringify({ ...base, pad: '' }); return JSON.stringify({ ...base, pad: 'x'.repeat(total - s.length) }); };
  for (const [label, size] of [['200 KiB', 200 * 1024], ['256 KiB', 256 * 1024], ['exactly 1 MiB (=max, not above)', 1024 * 1024]]) {
    const c = await ctx.open();
    const msg = pad(size, { messageType: 'hello', uaid: '', channelIDs: [] });
    c.send(msg);
    const ev = await c.next(5000);
    const m = ev.type === 'msg' ? J(ev.text) : undefined;
    ctx.check(m && m.messageType === 'hello' && m.status === 200, '§1.5', `${label} hello (${Buffer.byteLength(msg)} B, unknown pad field) → 200`, 'hello 200', fmt(ev));
  }
  // 256 KiB register after hello
  const d = await device(ctx);
  const chid = uuid();
  const msg = pad(256 * 1024, { messageType: 'register', channelID: chid });
  d.send(msg);
  const ev = await d.next(5000); const m = ev.type === 'msg' ? J(ev.text) : undefined;
  ctx.check(m && m.status === 200 && m.channelID === chid, '§1.5', '256 KiB register → 200', 'register 200', fmt(ev));
  // 128 000-char uaid reaches validation → 503 echo (cl.14)
  const e = await ctx.open();
  const big = { messageType: 'hello', uaid: 'a'.repeat(128000), channelIDs: [] };
  e.send(big);
  await expectEcho(ctx, e, big, 503, '§1.5/§3.3 (cl.14)', 'hello uaid 128 000 chars');
});

T('transport: message above 1 MiB closes only that socket (1009)', '§1.5 (cl.3)', async (ctx) => {
  const other = await device(ctx);
  const { chid, ep } = await regOK(other);
  const a = await device(ctx);
  const big = JSON.stringify({ messageType: 'register', channelID: uuid(), pad: 'x'.repeat(1024 * 1024) });
  a.send(big);
  const evs = await a.quiet(5000);
  const cl = evs.find((e) => e.type === 'close');
  ctx.check(cl && cl.code === 1009 && evs.filter((e) => e.type === 'msg').length === 0, '§1.5', `${big.length} B message → close 1009`, 'close 1009, no reply', fmtAll(evs));
  // unhelloed socket too
  const b = await ctx.open();
  b.send(JSON.stringify({ messageType: 'hello', channelIDs: [], pad: 'y'.repeat(1024 * 1024 + 10) }));
  const evs2 = await b.quiet(5000);
  const cl2 = evs2.find((e) => e.type === 'close');
  ctx.check(cl2 && cl2.code === 1009, '§1.5', '>1 MiB hello before hello → close 1009', 'close 1009', fmtAll(evs2));
  // fragmented message whose total exceeds the max
  const f = await device(ctx);
  const chunk = 'z'.repeat(300 * 1024);
  f.send('{"messageType":"register","pad":"' + chunk, { fin: false });
  f.send(chunk, { fin: false }); f.send(chunk, { fin: false }); f.send(chunk, { fin: false });
  f.send('","channelID":"' + uuid() + '"}', { fin: true });
  const evs3 = await f.quiet(5000);
  const cl3 = evs3.find((e) => e.type === 'close');
  ctx.check(cl3 && cl3.code === 1009, '§1.4/§1.5', 'fragmented message totalling ~1.2 MiB → close 1009', 'close 1009', fmtAll(evs3));
  // the other socket is still alive and still gets notifications
  other.send('{}');
  const p = await other.next(2000);
  ctx.check(p.type === 'msg' && p.text === '{}', '§1.5', 'other socket still open (ping → {})', '{}', fmt(p));
  const r = await ctx.put(ep, 'version=7');
  ctx.check(r.status === 200, '§9.8', 'other device still connected: PUT → 200', '200', r.status);
  await expectNotif(ctx, other, chid, 7, '§1.5', 'other socket still receives');
});

T('transport: fragmented text message reassembled', '§1.4', async (ctx) => {
  const c = await ctx.open();
  const s = JSON.stringify({ messageType: 'hello', uaid: '', channelIDs: [] });
  c.send(s.slice(0, 10), { fin: false }); c.send(s.slice(10, 20), { fin: false }); c.send(s.slice(20), { fin: true });
  const m = await c.nextJSON(3000);
  ctx.check(m && m.status === 200, '§1.4', 'hello split in 3 fragments → 200', 'hello 200', m);
});

T('transport: binary frames close without reply', '§1.6 (cl.4)', async (ctx) => {
  for (const when of ['before hello', 'after hello']) {
    const c = when === 'before hello' ? await ctx.open() : await device(ctx);
    c.send(Buffer.from(JSON.stringify({ messageType: 'hello', channelIDs: [] })), { binary: true });
    const cl = await expectSilentClose(ctx, c, '§1.6', `binary frame ${when}`);
    if (cl) { if (cl.code === 1003) ctx.check(true, '§1.6', `binary frame ${when}: close code 1003 (SHOULD)`, '1003', cl.code); else ctx.info('§1.6', `binary frame ${when}: close code (SHOULD be 1003)`, cl.code); }
  }
});

T('framing: non-JSON / non-object text closes without reply', '§2.1 (cl.4)', async (ctx) => {
  for (const body of ['hello', '{"messageType":"hello"', '42', '[]', '[1,2]', '"hello"', 'null', 'true', '{"a":1} x', '{{}}', '{ {} }', '\u00ff\u00fe garbage']) {
    for (const when of ['before', 'after']) {
      const c = when === 'before' ? await ctx.open() : await device(ctx);
      c.send(body);
      await expectSilentClose(ctx, c, body.includes('{}') ? '§8.1' : '§2.1', `${JSON.stringify(body)} ${when} hello`);
    }
  }
  ctx.info('§2.1', 'close codes used for non-JSON/non-object closes', [...new Set(ctx.silentCodes || [])]);
  // §2.2: after an echo error nothing more is read
  const c = await device(ctx);
  const bad = { messageType: 'bogus' };
  c.send(bad); c.send('{}'); c.send({ messageType: 'register', channelID: uuid() });
  await expectEcho(ctx, c, bad, 401, '§2.2', 'bogus + ping + register back-to-back');
  const rest = await c.quiet(300);
  ctx.check(rest.filter((e) => e.type === 'msg').length === 0, '§2.2', 'nothing answered after the echo (read nothing more)', 'no further replies', fmtAll(rest));
});

// ---------------- §2 messageType / keys / echo
T('framing: bad messageType → 401 echo', '§2.1/§2.3 (cl.5,6)', async (ctx) => {
  const cases = [
    { channelIDs: [] },
    { messageType: null, channelIDs: [] },
    { messageType: '', channelIDs: [] },
    { messageType: 'bogus', channelIDs: [] },
    { messageType: 'notification', updates: [] },
    { messageType: ' hello', channelIDs: [] },
    { messageType: 5, channelIDs: [] },
    { messageType: true, channelIDs: [] },
    { messageType: ['hello'], channelIDs: [] },
    { messageType: { a: 1 }, channelIDs: [] },
  ];
  for (const obj of cases) {
    for (const when of ['before', 'after']) {
      const c = when === 'before' ? await ctx.open() : await device(ctx);
      c.send(obj);
      await expectEcho(ctx, c, obj, 401, '§2.1', `${JSON.stringify(obj)} ${when} hello`);
    }
  }
});

T('framing: echo keeps all client fields and spelling, overwrites status/error', '§2.2 (cl.7)', async (ctx) => {
  const c = await ctx.open();
  const obj = { messageType: 'Register', channelID: 'x' };
  c.send(obj);
  await expectEcho(ctx, c, obj, 401, '§15', 'spec example Register/x on fresh socket');
  const d = await device(ctx);
  const obj2 = { messageType: 'BoGuS', updates: [{ channelID: 'abc', version: 23 }], status: 'nope', error: 42, nested: { a: [1, 2, { b: null }] }, num: 1.5 };
  d.send(obj2);
  const m = await expectEcho(ctx, d, obj2, 401, '§2.2', 'unknown type with status/error preset + nested fields');
  if (m) ctx.check(m.updates && m.updates[0] && m.updates[0].version === 23 && m.messageType === 'BoGuS', '§2.2', 'echo has updates[0].version 23 and messageType "BoGuS"', '23 / BoGuS', m);
  const e = await ctx.open();
  const obj3 = { messageType: 'ack', updates: [{ channelID: uuid(), version: 23 }] };
  e.send(obj3);
  await expectEcho(ctx, e, obj3, 401, '§3.8/§7.3', 'ack before hello (echoes updates)');
});

T('framing: case-insensitive keys and types, exact beats variant', '§2.1 (cl.8,9,10)', async (ctx) => {
  const good = [
    [{ messageType: 'HELLO', uaid: '', channelIDs: [] }, '"HELLO"'],
    [{ messageType: 'Hello', channelIDs: [] }, '"Hello"'],
    [{ messagetype: 'hello', uaid: '', channelIDs: [] }, 'key messagetype'],
    [{ MESSAGETYPE: 'hello', UAID: '', CHANNELIDS: [] }, 'all keys upper-case'],
    [{ messageType: 'hello', uaid: '', ChannelIds: [] }, 'key ChannelIds'],
    [{ messageType: 'hello', MessageType: 'bogus', channelIDs: [] }, 'exact messageType first, variant "bogus" after'],
    [{ MessageType: 'bogus', messageType: 'hello', channelIDs: [] }, 'variant "bogus" first, exact messageType after'],
    [{ MESSAGETYPE: 'hello', MessageType: 'bogus', channelIDs: [] }, 'two variants, first is hello'],
    [{ messageType: 'hello', uaid: '', channelIDs: [], foo: 1, bar: { x: [1] }, use_webpush: true, connect: { a: 1 } }, 'unknown extra fields'],
    [{ messageType: 'hello', channelIDs: [], channelids: 'notarray' }, 'exact channelIDs [] + variant channelids string'],
  ];
  for (const [obj, label] of good) {
    const c = await ctx.open();
    c.send(obj);
    const ev = await c.next(3000);
    const m = ev.type === 'msg' ? J(ev.text) : undefined;
    ctx.check(m && m.messageType === 'hello' && m.status === 200 && V4.test(m.uaid || ''), '§2.1', `${label} → hello 200 (lower-case "hello", new v4 uaid)`, '{"messageType":"hello","uaid":<v4>,"status":200}', fmt(ev));
  }
  // first case-insensitive match wins
  {
    const c = await ctx.open();
    const obj = { MessageType: 'bogus', MESSAGETYPE: 'hello', channelIDs: [] };
    c.send(obj);
    await expectEcho(ctx, c, obj, 401, '§2.1', 'two variants, first is "bogus" (first case-insensitive match used)');
  }
  {
    const c = await ctx.open();
    const obj = { ' messageType ': 'hello', channelIDs: [] };
    c.send(obj);
    await expectEcho(ctx, c, obj, 401, '§2.1 (cl.9)', 'key " messageType " padded with spaces');
  }
  {
    const c = await ctx.open();
    const obj = { messageType: 'hello', ' channelIDs': [] };
    c.send(obj);
    await expectEcho(ctx, c, obj, 401, '§2.1/§3.1', 'key " channelIDs" padded → channelIDs missing');
  }
  // register with case-variant keys
  const d = await device(ctx);
  const chid = uuid();
  d.send({ MessageType: 'REGISTER', ChannelID: chid });
  const m = await d.nextJSON(3000);
  ctx.check(m && m.messageType === 'register' && m.status === 200 && m.channelID === chid, '§2.1', 'REGISTER with key ChannelID → reply "register" 200', 'register 200', m);
  d.send({ messagetype: 'Unregister', channelid: chid });
  const m2 = await d.nextJSON(3000);
  ctx.check(m2 && m2.messageType === 'unregister' && m2.status === 200 && m2.channelID === chid, '§2.1', 'Unregister with key channelid → reply "unregister" 200', 'unregister 200', m2);
});

T('framing: replies in arrival order (pipelined)', '§1.8', async (ctx) => {
  const c = await ctx.open();
  const [a, b, x] = [uuid(), hex32(), uuid()];
  c.send({ messageType: 'hello', uaid: '', channelIDs: [] });
  c.send({ messageType: 'register', channelID: a });
  c.send({ messageType: 'register', channelID: b });
  c.send({ messageType: 'unregister', channelID: a });
  c.send('{}');
  c.send({ messageType: 'register', channelID: x });
  c.send({ messageType: 'purge' });
  c.send({ messageType: 'unregister', channelID: x });
  const got = [];
  for (let i = 0; i < 8; i++) { const ev = await c.next(3000); got.push(ev.type === 'msg' ? ev.text : fmt(ev)); if (ev.type !== 'msg') break; }
  const sig = got.map((t) => { const m = J(t); return m ? (m.messageType ? m.messageType + ':' + (m.channelID || '') : t) : t; });
  const exp = ['hello:', 'register:' + a, 'register:' + b, 'unregister:' + a, '{}', 'register:' + x, '{}', 'unregister:' + x];
  ctx.check(deq(sig, exp), '§1.8', '8 pipelined messages answered in order', exp.join(' , '), sig.join(' , '));
});

// ---------------- §3 hello
T('hello: new uaid for "", missing, null', '§3.1/§3.2/§3.5 (cl.11,23)', async (ctx) => {
  for (const [label, f] of [['uaid ""', { uaid: '' }], ['uaid missing', {}], ['uaid null', { uaid: null }]]) {
    const c = await ctx.open();
    const { ev, m } = await hello(c, f);
    ctx.check(m && m.messageType === 'hello' && m.status === 200 && V4.test(m.uaid || ''), '§3.2', `${label} → 200 + 32-char lower-case hex v4 uaid`, '{"messageType":"hello","uaid":"<v4 hex32>","status":200}', fmt(ev));
    if (m) {
      ctx.check(!('use_webpush' in m), '§3.5 (cl.23)', `${label}: reply has no use_webpush`, 'absent', fmt(ev));
      const extra = Object.keys(m).filter((k) => !['messageType', 'uaid', 'status'].includes(k));
      if (extra.length) ctx.info('§3.5', 'extra fields in hello reply (MAY)', extra); 
    }
  }
  const c = await ctx.open();
  const { ev, m } = await hello(c, { uaid: '', use_webpush: true });
  // Item 23 as amended by webpush.md W1.1: a hello that asks for data mode gets it (Web Push on by default).
  ctx.check(m && m.status === 200 && m.use_webpush === true && typeof m.broadcasts === 'object' && m.broadcasts !== null, '§3.5 (cl.23), W1.1', 'hello with use_webpush:true → reply with use_webpush:true and broadcasts', 'use_webpush:true, broadcasts {}', fmt(ev));
  // two fresh hellos get different uaids
  const c2 = await ctx.open(); const r2 = await hello(c2, { uaid: '' });
  ctx.check(r2.m && m && r2.m.uaid !== m.uaid, '§3.2', 'two new devices get different uaids', 'different', [m && m.uaid, r2.m && r2.m.uaid]);
  // no pending → nothing after hello
  await expectNothing(ctx, c2, 800, '§3.6 (cl.22)', 'new uaid, nothing pending → nothing after hello reply');
});

T('hello: channelIDs missing / not an array', '§3.1 (cl.12)', async (ctx) => {
  const bad = [
    { messageType: 'hello', uaid: '' },
    { messageType: 'hello' },
    { messageType: 'hello', uaid: '', channelIDs: null },
    { messageType: 'hello', uaid: '', channelIDs: 'abc' },
    { messageType: 'hello', uaid: '', channelIDs: {} },
    { messageType: 'hello', uaid: '', channelIDs: 3 },
  ];
  for (const obj of bad) { const c = await ctx.open(); c.send(obj); await expectEcho(ctx, c, obj, 401, '§3.1', JSON.stringify(obj)); }
  const okc = [
    [{ messageType: 'hello', uaid: '', use_webpush: true }, 'missing channelIDs + use_webpush:true'],
    [{ messageType: 'hello', uaid: '', use_webpush: false }, 'missing channelIDs + use_webpush:false (any value)'],
    [{ messageType: 'hello', uaid: '', use_webpush: null }, 'missing channelIDs + use_webpush:null (any value)'],
    [{ messageType: 'hello', uaid: '', broadcasts: {} }, 'missing channelIDs + broadcasts:{}'],
    [{ messageType: 'hello', uaid: '', channelIDs: [1, null, 'x', {}] }, 'channelIDs elements not validated'],
  ];
  for (const [obj, label] of okc) {
    const c = await ctx.open(); c.send(obj); const ev = await c.next(3000); const m = ev.type === 'msg' ? J(ev.text) : undefined;
    // Only a hello whose use_webpush is true is answered in data mode (W1.1).
    ctx.check(m && m.status === 200 && V4.test(m.uaid || '') && (obj.use_webpush === true ? m.use_webpush === true : !('use_webpush' in m)), '§3.1', `${label} → 200`, 'hello 200', fmt(ev));
  }
  {
    const c = await ctx.open(); const obj = { messageType: 'hello', uaid: '', use_webpush: true, channelIDs: 'abc' }; c.send(obj);
    const ev = await c.next(3000); ctx.info('§3.1', 'use_webpush:true with channelIDs "abc" (non-array, not missing) — spec only exempts *missing*', fmt(ev));
  }
  {
    // webpush-style hello with a known uaid: channelIDs treated as [] → uaid kept
    const d = await device(ctx); d.close(); await d.waitClose(2000);
    const c = await ctx.open(); const { ev, m } = await hello(c, { uaid: d.uaid, channelIDs: undefined, use_webpush: true });
    ctx.check(m && m.status === 200 && m.uaid === d.uaid, '§3.1/§3.3', 'known uaid + use_webpush, no channelIDs → same uaid', d.uaid, fmt(ev));
  }
});

T('hello: non-string uaid → 401, invalid uaid → 503', '§3.1/§3.3 (cl.13,14)', async (ctx) => {
  for (const u of [0, 1, true, false, {}, [], ['a'], 1.5]) {
    const c = await ctx.open(); const obj = { messageType: 'hello', uaid: u, channelIDs: [] }; c.send(obj);
    await expectEcho(ctx, c, obj, 401, '§3.1 (cl.13)', `uaid ${JSON.stringify(u)}`);
  }
  const h = hex32(); const d = uuid();
  const invalid = ['xyz', '0', ' ', h.slice(0, 31), h + 'a', h.slice(0, 31) + 'g', d.slice(0, 8) + d.slice(9, 10) + '-' + d.slice(10) /* dash moved */, d.replace(/-/g, '_'), '{' + d + '}', d + ' ', ' ' + h, d.slice(0, 35), 'urn:uuid:' + d, d.replace(/-/g, '') + '----', h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + h.slice(20) /* 35 chars, missing last dash */];
  for (const u of invalid) {
    const c = await ctx.open(); const obj = { messageType: 'hello', uaid: u, channelIDs: [] }; c.send(obj);
    await expectEcho(ctx, c, obj, 503, '§3.3 (cl.14)', `uaid ${JSON.stringify(u)} (${u.length} chars)`);
  }
  // also with non-empty channelIDs
  { const c = await ctx.open(); const obj = { messageType: 'hello', uaid: 'xyz', channelIDs: [uuid()] }; c.send(obj); await expectEcho(ctx, c, obj, 503, '§3.3', 'uaid "xyz" with non-empty channelIDs'); }
});

T('hello: unknown valid uaid adopted byte-for-byte with [] / replaced with non-empty', '§3.3 rule 5 (cl.15,16,18)', async (ctx) => {
  const forms = [['lower 32-hex', hex32()], ['UPPER 32-hex', hex32().toUpperCase()], ['lower dashed', uuid()], ['UPPER dashed', uuid().toUpperCase()], ['Mixed dashed non-v4', 'AbCdEf01-2345-6789-aBcD-' + hex32().slice(0, 12)]];
  for (const [label, u] of forms) {
    const c = await ctx.open(); const { ev, m } = await hello(c, { uaid: u, channelIDs: [] });
    ctx.check(m && m.status === 200 && m.uaid === u, '§3.3 r5 (cl.15)', `unknown ${label} uaid + [] → returned byte-for-byte`, u, fmt(ev));
    if (m && m.uaid === u) {
      // now known: register gives uaid as adopted, reconnect with non-empty list keeps it
      const { m: r } = await register(c, uuid());
      ctx.check(r && r.status === 200 && r.uaid === u, '§4.3', `${label}: register reply uaid is the adopted uaid`, u, r);
      c.close(); await c.waitClose(2000);
      const c2 = await ctx.open(); const h2 = await hello(c2, { uaid: u, channelIDs: [r ? r.channelID : uuid()] });
      ctx.check(h2.m && h2.m.status === 200 && h2.m.uaid === u, '§3.3 r6 (cl.18)', `${label}: known uaid reconnect with non-empty channelIDs keeps uaid`, u, fmt(h2.ev));
    }
  }
  for (const [label, u] of [['lower 32-hex', hex32()], ['UPPER dashed', uuid().toUpperCase()]]) {
    const c = await ctx.open(); const { ev, m } = await hello(c, { uaid: u, channelIDs: [uuid()] });
    ctx.check(m && m.status === 200 && m.uaid !== u && V4.test(m.uaid || ''), '§3.3 r5 (cl.16)', `unknown ${label} uaid + non-empty channelIDs → new uaid`, 'new v4 uaid ≠ ' + u, fmt(ev));
  }
  // a uaid with a pending-less unknown id and 200 channelIDs → still rule 5 (new)
  const c = await ctx.open(); const u = hex32(); const { ev, m } = await hello(c, { uaid: u, channelIDs: Array.from({ length: 200 }, uuid) });
  ctx.check(m && m.status === 200 && m.uaid !== u, '§3.3 r5', 'unknown uaid + 200 channelIDs → new uaid', 'new uaid', fmt(ev));
});

T('hello: known uaid reconnect keeps uaid; 200 vs 201 channelIDs', '§3.3 rules 4,6 (cl.17,18)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  a.close(); await a.waitClose(2000);
  const b = await ctx.open();
  const r200 = await hello(b, { uaid: a.uaid, channelIDs: [chid, ...Array.from({ length: 199 }, uuid)] });
  ctx.check(r200.m && r200.m.status === 200 && r200.m.uaid === a.uaid, '§3.3 r4/r6', 'known uaid with exactly 200 channelIDs → keeps uaid', a.uaid, fmt(r200.ev));
  b.close(); await b.waitClose(2000);
  const r0 = await ctx.put(ep, 'version=3');
  ctx.check(r0.status === 202, '§9.8', 'endpoint still valid while offline → 202', '202', r0.status);
  const c = await ctx.open();
  const r201 = await hello(c, { uaid: a.uaid, channelIDs: [chid, ...Array.from({ length: 200 }, uuid)] });
  ctx.check(r201.m && r201.m.status === 200 && r201.m.uaid !== a.uaid && V4.test(r201.m.uaid || ''), '§3.3 r4 (cl.17)', 'known uaid with 201 channelIDs → 200 + new uaid', 'new v4 uaid', fmt(r201.ev));
  const ex = await c.quiet(800);
  ctx.check(ex.length === 0, '§3.3 r4', 'reset: old pending update not flushed to new uaid', 'nothing', fmtAll(ex));
  const r = await ctx.put(ep, 'version=5');
  ctx.check(r.status === 404 && r.body.trim() === '"Invalid Token"', '§3.3 r4/§9.7 (cl.17)', "old uaid's endpoint after reset → 404 \"Invalid Token\"", '404 "Invalid Token"', `${r.status} ${r.body}`);
  // old uaid: is it still known? (all state deleted → unknown → with [] adopted again as sent)
  c.close(); await c.waitClose(2000);
  const d = await ctx.open(); const h = await hello(d, { uaid: a.uaid, channelIDs: [] });
  ctx.info('§3.3 r4/r5', `hello with the reset-away uaid ${a.uaid} and [] afterwards (state deleted → unknown → adopt as sent?)`, `${fmt(h.ev)} → ${h.m && h.m.uaid === a.uaid ? 'adopted again' : 'NOT adopted (new uaid)'}`);
  // uaid none + 201 → fine
  const e = await ctx.open(); const h2 = await hello(e, { uaid: '', channelIDs: Array.from({ length: 201 }, uuid) });
  ctx.check(h2.m && h2.m.status === 200 && V4.test(h2.m.uaid || ''), '§3.3', 'no uaid + 201 channelIDs → 200 new uaid', '200', fmt(h2.ev));
});

T('hello: second hello on the same socket', '§3.3 rule 1 (cl.19)', async (ctx) => {
  const a = await device(ctx);
  for (const [label, f] of [['same uaid', { uaid: a.uaid }], ['uaid ""', { uaid: '' }], ['uaid missing', {}], ['uaid null', { uaid: null }], ['same uaid upper-cased? (different string)', null]]) {
    if (!f) continue;
    const { ev, m } = await hello(a, f);
    ctx.check(m && m.status === 200 && m.uaid === a.uaid, '§3.3 r1', `second hello, ${label} → 200 same uaid`, a.uaid, fmt(ev));
  }
  // flush again on second hello
  const { chid, ep } = await regOK(a);
  const r = await ctx.put(ep, 'version=11');
  ctx.check(r.status === 200, '§9.8', 'PUT connected → 200', 200, r.status);
  await expectNotif(ctx, a, chid, 11, '§6', 'direct delivery');
  const { ev, m } = await hello(a, { uaid: a.uaid });
  ctx.check(m && m.status === 200, '§3.3 r1', 'third hello same uaid → 200', 200, fmt(ev));
  await expectNotif(ctx, a, chid, 11, '§3.3 r1/§3.6', 'second hello flushes pending again');
  // different uaid → 503 echo, close
  const other = hex32();
  const obj = { messageType: 'hello', uaid: other, channelIDs: [] };
  a.send(obj);
  await expectEcho(ctx, a, obj, 503, '§3.3 r1 (cl.19)', 'second hello with another valid uaid');
  // different but invalid uaid on a helloed socket → also 503 (rule 1 first)
  const b = await device(ctx);
  const obj2 = { messageType: 'hello', uaid: 'xyz', channelIDs: [] };
  b.send(obj2);
  await expectEcho(ctx, b, obj2, 503, '§3.3 r1', 'second hello with invalid uaid "xyz"');
  // same uaid but different case: a different string
  const c = await device(ctx);
  const obj3 = { messageType: 'hello', uaid: c.uaid.toUpperCase(), channelIDs: [] };
  c.send(obj3);
  const ev3 = await c.next(3000);
  ctx.info('§3.3 r1', 'second hello with the same uaid upper-cased (same ID, different string)', fmt(ev3));
});

T('hello: takeover by a newer connection', '§3.4 (cl.20)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const b = await ctx.open();
  const { ev, m } = await hello(b, { uaid: a.uaid, channelIDs: [chid] });
  ctx.check(m && m.status === 200 && m.uaid === a.uaid, '§3.4', 'newer socket hello with same uaid → 200 same uaid', a.uaid, fmt(ev));
  const cl = await a.waitClose(3000);
  ctx.check(cl.type === 'close', '§3.4', 'older socket closed by server', 'close', fmt(cl));
  if (cl.type === 'close') ctx.info('§3.4', 'close code used for takeover', cl.code);
  const r = await ctx.put(ep, 'version=21');
  ctx.check(r.status === 200, '§9.8', 'PUT after takeover → 200 (new socket connected)', 200, `${r.status} ${r.body}`);
  await expectNotif(ctx, b, chid, 21, '§3.4', 'only the newest socket receives');
  // third connection takes over from the second; the second stops receiving
  const c = await ctx.open();
  await hello(c, { uaid: a.uaid, channelIDs: [chid] });
  const cl2 = await b.waitClose(3000);
  ctx.check(cl2.type === 'close', '§3.4', 'second socket closed by third', 'close', fmt(cl2));
  const f = await c.quiet(500);
  ctx.check(f.length === 1 && f[0].type === 'msg' && N(f[0].text) && verOf(N(f[0].text).updates[0]) === '21', '§3.6', 'unacked v21 flushed to the third socket', 'notification v21', fmtAll(f));
});

T('hello: timeout without hello even with pings', '§3.7 (cl.21)', async (ctx) => {
  const t0 = Date.now();
  const a = await ctx.open({ label: 'NOHELLO' });
  const p = await ctx.open({ label: 'PINGING' });
  const h = await ctx.open({ label: 'HELLOED' }); const hh = await hello(h, { uaid: '' });
  const hr = await regOK(h); await ctx.put(hr.ep, 'version=3'); await h.next(2000); // unacked
  p.send('{}');
  const pr = await p.next(2000);
  ctx.check(pr.type === 'msg' && pr.text === '{}', '§8.2', 'ping before hello → {}', '{}', fmt(pr));
  await sleep(21000);
  p.send({ messageType: 'purge' }); const pu = await p.next(2000);
  p.send('{}');
  const pr2 = await p.next(2000);
  ctx.check(pr2.type === 'msg' && pr2.text === '{}', '§8.3', 'second ping 21 s later (> min_ping_interval) → {}', '{}', fmt(pr2));
  ctx.info('§8.5', 'purge at 21 s before hello', fmt(pu));
  const ca = await a.waitClose(15000); const ta = (Date.now() - t0) / 1000;
  const cp = await p.waitClose(5000); const tp = (Date.now() - t0) / 1000;
  ctx.check(ca.type === 'close' && ta > 27 && ta < 36, '§3.7', `socket without hello closed ≈30 s after upgrade`, 'close at ~30 s', `${fmt(ca)} at ${ta.toFixed(1)} s`);
  ctx.check(cp.type === 'close' && tp > 27 && tp < 37, '§3.7', `socket that pinged (0 s, 21 s) but never helloed closed ≈30 s`, 'close at ~30 s', `${fmt(cp)} at ${tp.toFixed(1)} s`);
  if (ca.type === 'close') ctx.info('§3.7', 'close code for hello timeout', ca.code);
  ctx.check(h.isOpen() && hh.m && hh.m.status === 200, '§3.7', 'socket that completed hello is still open after 30 s', 'open', `readyState=${h.ws.readyState}`);
  const idle = await h.quiet(10);
  ctx.check(idle.length === 0, '§7.6/§8.4', 'idle helloed socket with an unacked update: no re-send and no server keep-alive in ~30 s (both off by default)', 'nothing', fmtAll(idle));
}, { timeout: 60000, long: true });

T('hello: pending updates flushed in one notification after hello reply', '§3.6/§6.4 (cl.22,36)', async (ctx) => {
  const a = await device(ctx);
  const c1 = await regOK(a, uuid()); const c2 = await regOK(a, hex32()); const c3 = await regOK(a, uuid().toUpperCase());
  a.close(); await a.waitClose(2000);
  const r1 = await ctx.put(c1.ep, 'version=101'); const r2 = await ctx.put(c2.ep, form({ version: 102, data: 'dropped-on-store' })); const r3 = await ctx.put(c3.ep, 'version=0');
  ctx.check([r1, r2, r3].every((r) => r.status === 202 && r.body.trim() === '{}'), '§9.8 (cl.42)', 'offline PUTs → 202 {}', '202 {} ×3', [r1, r2, r3].map((r) => `${r.status} ${r.body}`));
  ctx.check([r1, r2, r3].every((r) => /^application\/json/.test(r.headers['content-type'] || '')), '§9.8', '202 bodies are application/json', 'application/json', [r1, r2, r3].map((r) => r.headers['content-type']));
  const b = await ctx.open();
  const { ev, m } = await hello(b, { uaid: a.uaid, channelIDs: [c1.chid, c2.chid, c3.chid] });
  ctx.check(m && m.status === 200 && m.uaid === a.uaid, '§3.3', 'reconnect → same uaid', a.uaid, fmt(ev));
  const ev2 = await b.next(2000);
  const n = ev2.type === 'msg' ? N(ev2.text) : undefined;
  const ups = (n && n.updates) || [];
  const got = Object.fromEntries(ups.map((u) => [u.channelID, verOf(u)]));
  const exp = { [c1.chid]: '101', [c2.chid]: '102', [c3.chid]: '0' };
  ctx.check(n && n.messageType === 'notification' && ups.length === 3 && deq(got, exp), '§3.6/§6.4', 'one notification with all 3 pending (chids as registered, incl. UPPER, version 0)', JSON.stringify(exp), fmt(ev2));
  ctx.check(ups.every((u) => !('data' in u)), '§9.11', 'stored re-delivery carries no data key', 'no data', fmt(ev2));
  if (n && n.expired) ctx.info('§6.4', 'expired array present (MAY)', n.expired);
  const more = await b.quiet(700);
  ctx.check(more.length === 0, '§3.6', 'nothing else after the flush', 'nothing', fmtAll(more));
  // ack all at once (echo whole array) → no reply; next reconnect → nothing
  b.send({ messageType: 'ack', updates: ups.map((u) => ({ channelID: u.channelID, version: Number(verOf(u)) })) });
  await expectNothing(ctx, b, 700, '§7.2', 'ack of whole array → no reply');
  b.close(); await b.waitClose(2000);
  const c = await ctx.open(); await hello(c, { uaid: a.uaid, channelIDs: [c1.chid] });
  await expectNothing(ctx, c, 1000, '§7.6 (cl.36)', 'after acking everything, reconnect flushes nothing');
});

T('hello: wake-up fields valid and malformed', '§11 (cl.54,55)', async (ctx) => {
  const cases = [
    ['valid wakeup_hostport + mobilenetwork', { wakeup_hostport: { ip: '10.1.2.3', port: 5060 }, mobilenetwork: { mcc: '310', mnc: '410' } }],
    ['valid with netid', { wakeup_hostport: { ip: '10.1.2.3', port: 5060 }, mobilenetwork: { mcc: '310', mnc: '410', netid: 'abc' } }],
    ['alias wakeup_host', { wakeup_host: { ip: '10.1.2.3', port: 5060 }, mobilenetwork: { mcc: '214', mnc: '07' } }],
    ['only wakeup_hostport', { wakeup_hostport: { ip: '10.1.2.3', port: 5060 } }],
    ['only mobilenetwork', { mobilenetwork: { mcc: '310', mnc: '410' } }],
    ['wakeup_hostport string', { wakeup_hostport: '10.1.2.3:5060', mobilenetwork: { mcc: '310', mnc: '410' } }],
    ['port string, ip number', { wakeup_hostport: { ip: 10, port: 'x' }, mobilenetwork: { mcc: 310, mnc: null } }],
    ['empty objects', { wakeup_hostport: {}, mobilenetwork: {} }],
    ['null values', { wakeup_hostport: null, mobilenetwork: null }],
    ['arrays', { wakeup_hostport: [1, 2], mobilenetwork: ['310'] }],
    ['huge port / negative', { wakeup_hostport: { ip: '1.2.3.4', port: -99999999999 }, mobilenetwork: { mcc: '1', mnc: '2' } }],
  ];
  for (const [label, f] of cases) {
    const c = await ctx.open(); const { ev, m } = await hello(c, { uaid: '', ...f });
    ctx.check(m && m.status === 200 && V4.test(m.uaid || ''), '§11.2', `hello with ${label} → 200`, 'hello 200', fmt(ev));
  }
  // offline device with wake data: PUT → 202, no 4774 ever
  const d = await device(ctx, { wakeup_hostport: { ip: '127.0.0.1', port: 9 }, mobilenetwork: { mcc: '310', mnc: '410' } });
  const { chid, ep } = await regOK(d);
  const cl = await d.quiet(1500);
  ctx.check(!cl.some((e) => e.type === 'close'), '§11.4', 'device with wake data not closed (no 4774) within 1.5 s', 'open', fmtAll(cl));
  d.close(); await d.waitClose(2000);
  const r = await ctx.put(ep, 'version=9');
  ctx.check(r.status === 202, '§11.3/§9.8', 'PUT to offline device with wake data → 202', 202, r.status);
  const e = await ctx.open(); const h = await hello(e, { uaid: d.uaid, channelIDs: [chid], wakeup_hostport: 'bad' });
  ctx.check(h.m && h.m.uaid === d.uaid, '§11.2', 'reconnect with malformed wake fields keeps uaid', d.uaid, fmt(h.ev));
  await expectNotif(ctx, e, chid, 9, '§3.6', 'stored update delivered');
});

// ---------------- §3.8 before hello
T('before hello: register/unregister/ack → 401 echo, close', '§3.8 (cl.24)', async (ctx) => {
  const objs = [
    { messageType: 'register', channelID: uuid() },
    { messageType: 'unregister', channelID: uuid() },
    { messageType: 'ack', updates: [{ channelID: uuid(), version: 23 }] },
    { messageType: 'REGISTER', channelID: hex32(), uaid: hex32() },
  ];
  for (const o of objs) { const c = await ctx.open(); c.send(o); await expectEcho(ctx, c, o, 401, '§3.8', `${o.messageType} before hello`); }
  // after a ping, still 401
  const c = await ctx.open(); c.send('{}'); await c.next(2000);
  const o = { messageType: 'register', channelID: uuid() }; c.send(o); await expectEcho(ctx, c, o, 401, '§3.8', 'register after ping but before hello');
});

// ---------------- §4 register
T('register: valid ids both formats, reply shape', '§4 (cl.25,26,29)', async (ctx) => {
  const a = await device(ctx);
  const ids = [['lower dashed', uuid()], ['lower 32-hex', hex32()], ['UPPER dashed', uuid().toUpperCase()], ['UPPER 32-hex', hex32().toUpperCase()], ['non-v4 dashed', '00000000-0000-0000-0000-000000000000'], ['mixed', 'aBcDeF01' + hex32().slice(8)]];
  for (const [label, chid] of ids) {
    const { ev, m } = await register(a, chid);
    const ok = m && m.messageType === 'register' && m.status === 200 && m.channelID === chid && m.uaid === a.uaid && EP_RE.test(m.pushEndpoint || '');
    ctx.check(ok, '§4.3 (cl.25,26)', `register ${label} → 200 {messageType,uaid,status,channelID as sent,pushEndpoint}`, `{"messageType":"register","uaid":"${a.uaid}","status":200,"channelID":"${chid}","pushEndpoint":"…/update/<b64url>"}`, fmt(ev));
    if (ok) {
      const extra = Object.keys(m).filter((k) => !['messageType', 'uaid', 'status', 'channelID', 'pushEndpoint'].includes(k));
      if (extra.length) ctx.info('§4.3', 'extra register reply fields', extra);
      const r = await ctx.put(m.pushEndpoint, 'version=1');
      ctx.check(r.status === 200, '§4.3 (cl.29)', `${label}: PUT right after register → 200 (never 404)`, 200, `${r.status} ${r.body}`);
      await expectNotif(ctx, a, chid, 1, '§6.1', `${label}: chid exactly as registered`, { data: null });
    }
  }
  ctx.info('§10.5', 'pushEndpoint form', (await register(a, uuid())).m?.pushEndpoint);
  // extra fields in register ignored (e.g. a foreign uaid)
  const chid = uuid();
  a.send({ messageType: 'register', channelID: chid, uaid: hex32(), channelIDs: [1], foo: 'bar' });
  const m = await a.nextJSON(3000);
  ctx.check(m && m.status === 200 && m.uaid === a.uaid && m.channelID === chid, '§4.1', 'register with extra uaid/foo fields → ignored, socket uaid in reply', a.uaid, m);
});

T('register: PUT immediately after each register reply never 404 (x20)', '§4.3 (cl.29)', async (ctx) => {
  const a = await device(ctx);
  const sts = [];
  for (let i = 0; i < 20; i++) {
    const chid = uuid();
    const { m } = await register(a, chid);
    const r = await ctx.put(m.pushEndpoint, `version=${i + 1}`);
    sts.push(r.status);
    await a.next(2000);
  }
  ctx.check(sts.every((s) => s === 200), '§4.3', '20 × register then PUT → all 200', 'all 200', sts);
});

T('register: invalid channelIDs → 401 echo, close', '§4.2 (cl.27)', async (ctx) => {
  const h = hex32(); const d = uuid();
  const bad = [
    { messageType: 'register' },
    { messageType: 'register', channelID: '' },
    { messageType: 'register', channelID: h + 'ab' },
    { messageType: 'register', channelID: h.slice(0, 31) },
    { messageType: 'register', channelID: d.slice(0, 7) + '-' + d.slice(7, 8) + d.slice(9) },
    { messageType: 'register', channelID: d.replace(/[0-9]/, 'g') },
    { messageType: 'register', channelID: 'x' },
    { messageType: 'register', channelID: 123 },
    { messageType: 'register', channelID: null },
    { messageType: 'register', channelID: true },
    { messageType: 'register', channelID: [d] },
    { messageType: 'register', channelID: { id: d } },
    { messageType: 'register', channelIDs: [d] },
    { messageType: 'register', channelID: ' ' + d },
    { messageType: 'register', channelID: '{' + d + '}' },
  ];
  for (const o of bad) { const c = await device(ctx); c.send(o); await expectEcho(ctx, c, o, 401, '§4.2', `register ${JSON.stringify(o.channelID ?? o.channelIDs ?? '(missing)')}`); }
});

T('register: same channel 100 times → 200 each', '§4.4 (cl.28)', async (ctx) => {
  const a = await device(ctx);
  const chid = uuid();
  const sts = []; const eps = new Set(); let last;
  for (let i = 0; i < 100; i++) { const { m } = await register(a, chid); sts.push(m ? m.status : 'none'); if (m) { eps.add(m.pushEndpoint); last = m; } }
  ctx.check(sts.every((s) => s === 200), '§4.4', '100 × register same chid → 200 each', 'all 200', sts.filter((s) => s !== 200).length + ' non-200');
  ctx.info('§10.4', 'distinct tokens over 100 re-registers (MAY differ)', eps.size);
  const all = [...eps]; const firstR = await ctx.put(all[0], 'version=5');
  ctx.check(firstR.status === 200, '§10.4', 'first endpoint still valid after re-registers', 200, firstR.status);
  await expectNotif(ctx, a, chid, 5, '§6', 'delivered once');
  const r = await ctx.put(last.pushEndpoint, 'version=6');
  ctx.check(r.status === 200, '§10.4', 'last endpoint valid', 200, r.status);
  await expectNotif(ctx, a, chid, 6, '§6', 'delivered once');
  await expectNothing(ctx, a, 500, '§13.1', 'only one update per (uaid,chid)');
});

// ---------------- §5 unregister
T('unregister: replies and effects', '§5 (cl.30,31,32)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  for (const [label, id] of [['registered', chid], ['repeated', chid], ['unknown valid', uuid()], ['unknown 32-hex', hex32()]]) {
    a.send({ messageType: 'unregister', channelID: id });
    const ev = await a.next(3000); const m = ev.type === 'msg' ? J(ev.text) : undefined;
    ctx.check(m && deq(m, { messageType: 'unregister', status: 200, channelID: id }), '§5.1 (cl.30)', `unregister ${label} → exactly {"messageType":"unregister","status":200,"channelID":…}`, JSON.stringify({ messageType: 'unregister', status: 200, channelID: id }), fmt(ev));
  }
  a.send({ messageType: 'unregister', channelID: 'not-an-id' });
  const ev = await a.next(3000);
  ctx.info('§5.1/§5.2', 'unregister with a non-empty string that is not a valid ID ("not-an-id") — §5.2 lists only missing/empty/non-string', fmt(ev));
  const r = await ctx.put(ep, 'version=4');
  ctx.check(r.status === 404 && r.body.trim() === '"Invalid Token"', '§5.3 (cl.32)', 'PUT after unregister → 404 "Invalid Token"', '404 "Invalid Token"', `${r.status} ${r.body}`);
  // re-register after unregister → endpoint works again
  const b = await device(ctx); const x = await regOK(b);
  b.send({ messageType: 'unregister', channelID: x.chid }); await b.next(2000);
  const re = await regOK(b, x.chid);
  const r2 = await ctx.put(re.ep, 'version=8');
  ctx.check(r2.status === 200, '§4.4/§5', 're-register after unregister → new endpoint works', 200, r2.status);
  await expectNotif(ctx, b, x.chid, 8, '§6', 're-registered channel delivers');
});

T('unregister: invalid → 401 echo, close', '§5.2 (cl.31)', async (ctx) => {
  for (const o of [{ messageType: 'unregister' }, { messageType: 'unregister', channelID: '' }, { messageType: 'unregister', channelID: 5 }, { messageType: 'unregister', channelID: null }, { messageType: 'unregister', channelID: [uuid()] }]) {
    const c = await device(ctx); c.send(o); await expectEcho(ctx, c, o, 401, '§5.2', `unregister ${JSON.stringify(o.channelID ?? '(missing)')}`);
  }
});

T('unregister: pending update dropped, not in flush', '§5.3 (cl.32)', async (ctx) => {
  const a = await device(ctx);
  const x = await regOK(a); const y = await regOK(a);
  await ctx.put(x.ep, 'version=10'); await a.next(2000);
  await ctx.put(y.ep, 'version=20'); await a.next(2000);
  a.send({ messageType: 'unregister', channelID: x.chid });
  const u = await a.nextJSON(2000);
  ctx.check(u && u.status === 200, '§5.1', 'unregister pending channel → 200', 200, u);
  await expectNothing(ctx, a, 1000, '§5.3', 'nothing for unregistered channel within 1 s');
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); await hello(b, { uaid: a.uaid, channelIDs: [y.chid] });
  const ev = await b.next(2000); const n = ev.type === 'msg' ? N(ev.text) : undefined;
  ctx.check(n && n.updates && n.updates.length === 1 && n.updates[0].channelID === y.chid && verOf(n.updates[0]) === '20', '§5.3 (cl.32)', 'next flush has only the still-registered channel', `[{${y.chid},20}]`, fmt(ev));
});

// ---------------- §6/§9 notifications via HTTP
T('notify: connected PUT → 200 {} + notification; data rules', '§6/§9.8 (cl.33,34)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const r = await ctx.put(ep, 'version=12', {});
  ctx.check(r.status === 200 && r.body.trim() === '{}' && /^application\/json/.test(r.headers['content-type'] || ''), '§9.8 (cl.33)', 'PUT (no Content-Type) version=12 → 200 {} application/json', '200 {} application/json', `${r.status} ${r.headers['content-type']} ${r.body}`);
  const m = await expectNotif(ctx, a, chid, 12, '§6.1/§6.2 (cl.43)', 'no Content-Type form parsed', { data: null });
  if (m) ctx.check(deq(Object.keys(m).sort(), ['messageType', 'updates']) || (m.expired !== undefined), '§6.1', 'notification has only messageType/updates (expired MAY)', 'messageType,updates', Object.keys(m));
  const datas = ['hello', 'a b&c=d+e%25 ü€😀\n"quoted"\\', 'x'.repeat(4096), '%'.repeat(4096), 'é'.repeat(2048), '{"json":true}'];
  let v = 100;
  for (const d of datas) {
    v++;
    const body = form({ version: v, data: d });
    const r2 = await ctx.put(ep, body);
    ctx.check(r2.status === 200, '§9.6 (cl.47)', `data ${Buffer.byteLength(d)} bytes (${JSON.stringify(trunc(d, 20))}) body ${body.length} B → 200`, 200, `${r2.status} ${r2.body}`);
    await expectNotif(ctx, a, chid, v, '§6.3 (cl.34)', `data ${Buffer.byteLength(d)} B`, { data: d });
  }
  v++;
  const r3 = await ctx.put(ep, `version=${v}&data=`);
  ctx.check(r3.status === 200, '§9.6', 'empty data → 200', 200, r3.status);
  await expectNotif(ctx, a, chid, v, '§6.3 (cl.34)', 'empty data → no data key', { data: null });
  v++;
  const r4 = await ctx.put(ep, `version=${v}&data=a+b%2Bc`);
  ctx.check(r4.status === 200, '§9.4', 'form-encoded + in data', 200, r4.status);
  await expectNotif(ctx, a, chid, v, '§9.4', 'raw "a+b%2Bc" form-decoded to "a b+c"', { data: 'a b+c' });
  // unacked: reconnect → redelivered without data
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); await hello(b, { uaid: a.uaid, channelIDs: [chid] });
  await expectNotif(ctx, b, chid, v, '§9.11/§7.6 (cl.36)', 'unacked update with data re-sent on reconnect, without data', { data: null });
});

T('notify: data size limits and body cap', '§9.3/§9.6 (cl.47)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const r1 = await ctx.put(ep, form({ version: 1, data: 'x'.repeat(4097) }));
  ctx.check(r1.status === 413 && r1.body.trim() === '"Data exceeds max length of 4096 bytes"', '§9.6', '4097-byte data → 413 "Data exceeds max length of 4096 bytes"', '413 "Data exceeds max length of 4096 bytes"', `${r1.status} ${r1.body}`);
  ctx.check(/^application\/json/.test(r1.headers['content-type'] || ''), '§9.10', '413 body is application/json', 'application/json', r1.headers['content-type']);
  const r2 = await ctx.put(ep, form({ version: 2, data: 'é'.repeat(2048) + 'x' }));
  ctx.check(r2.status === 413, '§9.6', '4097 UTF-8 bytes (2048×é + x, 2049 chars) → 413', 413, `${r2.status} ${r2.body}`);
  const r2b = await ctx.put(ep, form({ version: 2, data: '😀'.repeat(1025) }));
  ctx.check(r2b.status === 413, '§9.6', '1025 × 4-byte emoji (4100 bytes, 2050 UTF-16 units) → 413', 413, `${r2b.status} ${r2b.body}`);
  const r2c = await ctx.put(ep, form({ version: 3, data: '😀'.repeat(1024) }));
  ctx.check(r2c.status === 200, '§9.6', '1024 × emoji (4096 bytes) → 200', 200, `${r2c.status} ${r2c.body}`);
  await expectNotif(ctx, a, chid, 3, '§6.3', '4096-byte emoji data', { data: '😀'.repeat(1024) });
  const pad = (n, tail) => 'pad=' + 'p'.repeat(n - 4 - tail.length) + tail;
  const b16 = pad(16384, '&version=4');
  const r3 = await ctx.put(ep, b16);
  ctx.check(r3.status === 200, '§9.3', `body exactly 16384 B (pad field) → accepted`, 200, `${r3.status} ${r3.body}`);
  await expectNotif(ctx, a, chid, 4, '§9.3', 'body at cap delivered');
  const r4 = await ctx.put(ep, pad(16385, '&version=5'));
  ctx.check(r4.status === 413, '§9.3', 'body 16385 B → 413', 413, `${r4.status} ${r4.body}`);
  await expectNothing(ctx, a, 500, '§9.3', 'nothing delivered for 413');
  const r5 = await ctx.http('PUT', pathOf(ep), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, chunks: ['version=6&pad=', 'q'.repeat(10000), 'q'.repeat(10000)] });
  ctx.check(r5.status === 413, '§9.3', 'chunked body (no Content-Length) of 20 KB → 413', 413, `${r5.status} ${r5.body}`);
  const r6 = await ctx.http('PUT', pathOf(ep), { headers: { 'Content-Type': 'text/plain' }, body: 'z'.repeat(20000) });
  ctx.check(r6.status === 413, '§9.3', '20 KB text/plain body (ignored type) → still 413 (cap before parsing)', 413, `${r6.status} ${r6.body}`);
  const r7 = await ctx.put('/update/garbage', pad(17000, '&version=5'));
  ctx.check(r7.status === 413, '§9.8 order', 'over-cap body with garbage token → 413 (size checked before token)', 413, `${r7.status} ${r7.body}`);
  const r8 = await ctx.put('/update/garbage', 'version=abc');
  ctx.check(r8.status === 400, '§9.8 order', 'bad version with garbage token → 400 (version before token)', 400, `${r8.status} ${r8.body}`);
  const r9 = await ctx.put('/update/garbage', form({ version: 1, data: 'x'.repeat(5000) }));
  ctx.check(r9.status === 413, '§9.8 order', 'long data with garbage token → 413 (data before token)', 413, `${r9.status} ${r9.body}`);
  const o1 = await ctx.put('/update/garbage', form({ version: 'abc', data: 'x'.repeat(5000) }));
  ctx.check(o1.status === 400, '§9.8 order', 'bad version + long data → 400 (version checked before data)', 400, `${o1.status} ${o1.body}`);
  // POST is Web Push now (§9.1, webpush.md W4.2): a body over 4096 bytes is 413 errno 104.
  const o2 = await ctx.http('POST', pathOf(ep), { body: pad(20000, '&version=5'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'TTL': '60' } });
  ctx.check(o2.status === 413 && /"errno":\s*104/.test(o2.body), 'W4.2', 'Web Push POST with a 20 KB body → 413 errno 104', 413, `${o2.status} ${o2.body}`);
  const o3 = await ctx.http('GET', '/update/garbage');
  ctx.check(o3.status === 405, '§9.8 order', 'GET /update/garbage → 405 (method before token)', 405, `${o3.status} ${o3.body}`);
  const o4 = await ctx.http('DELETE', '/update/garbage', { body: 'version=abc', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  ctx.check(o4.status === 405, '§9.8 order', 'DELETE /update/garbage with bad version → 405', 405, `${o4.status} ${o4.body}`);
  const r10 = await ctx.http('PUT', pathOf(ep), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, chunks: ['version=7'] });
  ctx.check(r10.status === 200, '§9.4', 'small chunked body → 200', 200, `${r10.status} ${r10.body}`);
  await expectNotif(ctx, a, chid, 7, '§9.4', 'chunked body parsed');
});

T('notify: content types', '§9.4 (cl.43,44)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  let v = 30;
  for (const ct of ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED', 'Application/X-Www-Form-Urlencoded;charset=latin1', null]) {
    v++;
    const r = await ctx.put(ep, `version=${v}`, ct ? { 'Content-Type': ct } : {});
    ctx.check(r.status === 200, '§9.4', `Content-Type ${ct || '(none)'} → 200`, 200, r.status);
    await expectNotif(ctx, a, chid, v, '§9.4', `Content-Type ${ct || '(none)'} parsed as form`);
  }
  for (const [ct, body] of [['text/plain', 'version=12'], ['application/json', '{"version":12}'], ['application/json', 'version=12'], ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="version"\r\n\r\n12\r\n--x--\r\n'], ['text/plain', 'version=abc'], ['application/octet-stream', 'version=12&data=zzz']]) {
    const t0 = nowSec();
    const r = await ctx.put(ep, body, { 'Content-Type': ct });
    ctx.check(r.status === 200, '§9.4 (cl.44)', `${ct} body ${JSON.stringify(body.slice(0, 30))} → 200 (body ignored)`, 200, `${r.status} ${r.body}`);
    const ev = await a.next(3000); const n = ev.type === 'msg' ? N(ev.text) : undefined;
    const ver = n && n.updates ? verOf(n.updates[0]) : 'none';
    ctx.check(/^\d{10}$/.test(ver) && Math.abs(+ver - t0) <= 5 && !(n.updates[0].data), '§9.4/§9.5 (cl.44)', `${ct}: version = 10-digit epoch, no data`, `~${t0}`, fmt(ev));
    a.send({ messageType: 'ack', updates: n && n.updates ? n.updates.map((u) => ({ channelID: u.channelID, version: +verOf(u) })) : [] });
    await register(a, chid); // barrier (§1.8)
    await sleep(1100); // next epoch second so later epoch versions are not "lower"
  }
});

T('notify: version forms', '§9.5/§6.2 (cl.45,46)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const ack = async (v) => { a.send({ messageType: 'ack', updates: [{ channelID: chid, version: v }] }); await register(a, chid); };
  // barrier: replies are in arrival order (§1.8), so a register reply proves the previous ack was handled
  const barrier = async () => { await register(a, chid); };
  // missing / empty → epoch
  for (const body of ['', 'version=', 'data=x', 'version=&data=']) {
    const t0 = nowSec();
    const r = await ctx.put(ep, body);
    ctx.check(r.status === 200, '§9.5', `body ${JSON.stringify(body)} → 200`, 200, `${r.status} ${r.body}`);
    const ev = await a.next(3000); const n = ev.type === 'msg' ? N(ev.text) : undefined; const ver = n && n.updates ? verOf(n.updates[0]) : 'none';
    ctx.check(/^\d{10}$/.test(ver) && Math.abs(+ver - t0) <= 5, '§9.5 (cl.45)', `body ${JSON.stringify(body)} → version = current epoch seconds`, `~${t0}`, fmt(ev));
    if (body.includes('data=x')) ctx.check(n && n.updates && n.updates[0].data === 'x', '§6.3', 'data=x without version still delivered with data', 'x', fmt(ev));
    await ack(Number(ver));
  }
  // valid explicit versions; ack each so lower ones are delivered (§13.2)
  const good = [['0', '0'], ['+5', '5'], ['5', '5'], ['9223372036854775807', '9223372036854775807'], ['+0', '0'], ['1', '1']];
  for (const [inp, out] of good) {
    const r = await ctx.put(ep, 'version=' + encodeURIComponent(inp));
    ctx.check(r.status === 200, '§9.5', `version=${inp} → 200`, 200, `${r.status} ${r.body}`);
    const m = await expectNotif(ctx, a, chid, out, '§9.5/§6.2 (cl.45)', `version=${inp} delivered as JSON integer ${out}`);
    a.send(`{"messageType":"ack","updates":[{"channelID":"${chid}","version":${out}}]}`);
    await barrier();
  }
  await expectNothing(ctx, a, 300, '§7.2', 'acks get no reply');
  for (const inp of ['abc', '-1', '1.5', '9223372036854775808', '99999999999999999999', ' 5', '5 ', '0x10', '1e3', '--1', '++1', '5a', '١٢', '-0', 'NaN', 'Infinity']) {
    const r = await ctx.put(ep, 'version=' + encodeURIComponent(inp));
    const st = r.status === 400 && r.body.trim() === '"Invalid Version"';
    if (inp === '-0') ctx.info('§9.5', 'version=-0 (optional sign is "+" only → 400 expected by the letter)', `${r.status} ${r.body}`);
    else ctx.check(st, '§9.5 (cl.46)', `version=${JSON.stringify(inp)} → 400 "Invalid Version"`, '400 "Invalid Version"', `${r.status} ${r.body}`);
  }
  { const r = await ctx.put(ep, 'version=0005'); ctx.info('§9.5', 'version=0005 (leading zeros)', `${r.status} ${r.body}`); if (r.status === 200) { const ev = await a.next(2000); ctx.info('§9.5', 'version=0005 delivered as', fmt(ev)); await ack(5); } }
  await expectNothing(ctx, a, 300, '§9.5', 'nothing delivered for rejected versions');
  // query string (MAY)
  { const r = await ctx.put(pathOf(ep) + '?version=77', ''); const ev = r.status === 200 ? await a.next(2000) : { type: 'timeout' }; ctx.info('§9.4', 'version from query string ?version=77 with empty body (MAY)', `${r.status} ${r.body} → ${fmt(ev)}`); if (ev.type === 'msg') await ack(Number(verOf(N(ev.text).updates[0]))); }
  { const r = await ctx.put(pathOf(ep) + '?version=78', 'version=79'); const ev = r.status === 200 ? await a.next(2000) : { type: 'timeout' }; const n = ev.type === 'msg' ? N(ev.text) : null; ctx.check(n && verOf(n.updates[0]) === '79', '§9.4', 'query ?version=78 + body version=79 → body wins (79)', '79', fmt(ev)); if (n) await ack(Number(verOf(n.updates[0]))); }
  { const r = await ctx.put(pathOf(ep) + '?version=abc', 'version=80'); ctx.info('§9.4', 'query ?version=abc + body version=80', `${r.status} ${r.body}`); const ev = await a.next(1500); if (ev.type === 'msg') { ctx.info('§9.4', '… delivered', fmt(ev)); await ack(Number(verOf(N(ev.text).updates[0]))); } }
  { const r = await ctx.put(ep, 'version=81&version=82'); const ev = await a.next(1500); ctx.info('§9.4', 'duplicate version fields version=81&version=82', `${r.status} ${r.body} → ${fmt(ev)}`); if (ev.type === 'msg') await ack(Number(verOf(N(ev.text).updates[0]))); }
});

T('http: methods, OPTIONS, paths, CORS', '§9.1/§9.2 (cl.49)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  // POST on the same route is Web Push (§9.1, webpush.md W4): without TTL it is 400 errno 111.
  { const r = await ctx.http('POST', pathOf(ep), { body: 'version=5', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }); ctx.check(r.status === 400 && /"errno":\s*111/.test(r.body), 'W4.2', 'POST without TTL → 400 errno 111', '400 errno 111', `${r.status} ${r.body}`); }
  for (const m of ['GET', 'DELETE', 'PATCH', 'HEAD']) {
    const r = await ctx.http(m, pathOf(ep), m === 'PATCH' ? { body: 'version=5', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {});
    ctx.check(r.status === 405 && (m === 'HEAD' || r.body.trim() === '"Method Not Allowed"'), '§9.2 (cl.49)', `${m} valid endpoint → 405 "Method Not Allowed"`, '405 "Method Not Allowed"', `${r.status} ${r.body}`);
    const allow = r.headers['allow'];
    if (allow && /PUT/.test(allow) && /OPTIONS/.test(allow)) ctx.check(true, '§9.2', `${m}: Allow: PUT, OPTIONS (SHOULD)`, 'PUT, OPTIONS', allow); else ctx.info('§9.2', `${m}: Allow header (SHOULD be "PUT, OPTIONS")`, allow || '(absent)');
  }
  await expectNothing(ctx, a, 400, '§9.2', 'POST/PATCH did not deliver anything');
  for (const p of [pathOf(ep), '/update/garbage', '/nothing']) {
    const r = await ctx.http('OPTIONS', p);
    if (p === '/nothing') ctx.info('§9.2', 'OPTIONS on a non-/update path', `${r.status}`);
    else ctx.check(r.status === 200, '§9.2 (cl.49)', `OPTIONS ${p.slice(0, 30)} → 200`, 200, r.status);
    if (p !== '/nothing') ctx.info('§9.2', `OPTIONS ${p.slice(0, 20)} CORS headers (enable_cors default off)`, `ACAO=${r.headers['access-control-allow-origin'] || '-'} ACAM=${r.headers['access-control-allow-methods'] || '-'}`);
  }
  const rp = await ctx.put(ep, 'version=3', { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://x.example' });
  ctx.info('§9.2', 'PUT response CORS header (default off)', `ACAO=${rp.headers['access-control-allow-origin'] || '-'}`);
  await a.next(2000);
  for (const p of ['/', '/update', '/update/', '/updates/' + pathOf(ep).split('/').pop(), pathOf(ep) + '/extra', '/update/a/b', '/UPDATE/' + pathOf(ep).split('/').pop()]) {
    const r = await ctx.put(p, 'version=1');
    ctx.check(r.status === 404, '§9.1', `PUT ${p.slice(0, 40)} → 404`, 404, `${r.status} ${r.body}`);
  }
  for (const p of ['/', '/foo']) { const r = await ctx.http('GET', p); ctx.info('§9.1', `GET ${p}`, `${r.status} ${r.body.slice(0, 60)}`); }
  await expectNothing(ctx, a, 300, '§9.1', 'no stray deliveries');
});

T('http: bad tokens → 404 "Invalid Token"', '§9.7/§10.4 (cl.48)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const tok = pathOf(ep).split('/').pop();
  ctx.check(/^[A-Za-z0-9_-]+$/.test(tok) && !tok.includes('='), '§10.2', 'token is unpadded base64url', 'base64url, no padding, no /', tok);
  const raw = Buffer.from(tok, 'base64url');
  ctx.info('§10.2', 'decoded token length (12 nonce + plaintext + 16 tag)', `${raw.length} bytes; plaintext would be ${raw.length - 28} bytes ('${a.uaid}.${chid}' is ${a.uaid.length + 1 + chid.length})`);
  const flip = (i) => { const b = Buffer.from(raw); b[i] ^= 1; return b.toString('base64url'); };
  const cases = [
    ['flip byte in nonce', flip(0)], ['flip byte in ciphertext', flip(20)], ['flip last tag byte', flip(raw.length - 1)],
    ['truncated by 4 chars', tok.slice(0, -4)], ['truncated to 20 chars', tok.slice(0, 20)], ['first char only', tok.slice(0, 1)],
    ['garbage "abc"', 'abc'], ['garbage !!!', '%21%21%21'], ['base64 of plaintext uaid.chid', Buffer.from(`${a.uaid}.${chid}`).toString('base64url')],
    ['plaintext uaid.chid', `${a.uaid}.${chid}`], ['token + extra char', tok + 'A'], ['very long garbage', 'A'.repeat(5000)],
    ['standard base64 (+/) variant', raw.toString('base64').replace(/=+$/, '').replace(/\//g, '%2F')],
  ];
  for (const [label, t] of cases) {
    if (t === tok) continue;
    const r = await ctx.put('/update/' + t, 'version=1');
    ctx.check(r.status === 404 && r.body.trim() === '"Invalid Token"' && /^application\/json/.test(r.headers['content-type'] || ''), '§9.7 (cl.48)', `${label} → 404 "Invalid Token" (application/json)`, '404 "Invalid Token"', `${r.status} ${r.headers['content-type']} ${r.body}`);
  }
  const padded = tok + '='.repeat((4 - (tok.length % 4)) % 4);
  if (padded !== tok) { const r = await ctx.put('/update/' + padded, 'version=2'); ctx.info('§10.2', 'token with base64 padding appended (SHOULD accept)', `${r.status} ${r.body}`); if (r.status === 200) await a.next(2000); }
  await expectNothing(ctx, a, 400, '§9.7', 'nothing delivered for bad tokens');
  const r = await ctx.put(ep, 'version=3');
  ctx.check(r.status === 200, '§9.8', 'original token still fine', 200, r.status);
});

// ---------------- §7 ack
T('ack: clearing, below/above version, malformed entries, no re-send', '§7 (cl.35,37,38)', async (ctx) => {
  const a = await device(ctx);
  const x = await regOK(a); const y = await regOK(a); const z = await regOK(a);
  a.close(); await a.waitClose(2000);
  await ctx.put(x.ep, 'version=10'); await ctx.put(y.ep, 'version=20'); await ctx.put(z.ep, 'version=30');
  const b = await ctx.open(); await hello(b, { uaid: a.uaid, channelIDs: [x.chid] });
  const f = await b.next(2000); const n = f.type === 'msg' ? N(f.text) : null;
  ctx.check(n && n.updates.length === 3, '§3.6', 'flush of 3', '3 updates', fmt(f));
  b.send({ messageType: 'ack', updates: [{ channelID: x.chid, version: 10 }] });
  await expectNothing(ctx, b, 1000, '§7.5 (cl.38)', 'ack of one item → no reply and no re-send of the others');
  b.send({ messageType: 'ack', updates: [{ channelID: y.chid, version: 15 }] }); // below
  b.send({ messageType: 'ack', updates: [{ channelID: z.chid, version: 99 }] }); // above → clears
  await expectNothing(ctx, b, 800, '§7.2', 'acks (below/above) → no reply');
  b.close(); await b.waitClose(2000);
  const c = await ctx.open(); await hello(c, { uaid: a.uaid, channelIDs: [x.chid] });
  const f2 = await c.next(2000); const n2 = f2.type === 'msg' ? N(f2.text) : null;
  ctx.check(n2 && n2.updates.length === 1 && n2.updates[0].channelID === y.chid && verOf(n2.updates[0]) === '20', '§7.4 (cl.37)', 'after acks x@10 (=), y@15 (below), z@99 (above): only y v20 pending', `[{${y.chid.slice(0, 8)}…,20}]`, fmt(f2));
  // malformed entries ignored, no close
  const mal = { messageType: 'ack', updates: [{ channelID: 123 }, 'x', null, { version: 20 }, { channelID: y.chid, version: '20' }, { channelID: uuid(), version: 5 }, 7] };
  c.send(mal);
  const ev = await c.quiet(800);
  ctx.check(ev.length === 0, '§7.4', 'ack with only malformed/unknown entries → ignored, no reply, no close', 'nothing', fmtAll(ev));
  ctx.check(c.isOpen(), '§7.4', 'socket still open', 'open', c.ws.readyState);
  c.send({ messageType: 'ack', updates: [{ channelID: y.chid, version: 20 }, { channelID: 'junk' }] });
  await expectNothing(ctx, c, 500, '§7.2', 'mixed ack → no reply');
  c.close(); await c.waitClose(2000);
  const d = await ctx.open(); await hello(d, { uaid: a.uaid, channelIDs: [x.chid] });
  const e = await d.quiet(800);
  ctx.info('§7.4', 'version given as string "20" in an ack entry (malformed → ignored?) — state after valid ack anyway', fmtAll(e));
  ctx.check(e.length === 0, '§7.4 (cl.36)', 'after acking y@20 nothing pending', 'nothing', fmtAll(e));
});

T('ack: invalid → 401 echo, close', '§7.3 (cl.35)', async (ctx) => {
  for (const o of [{ messageType: 'ack' }, { messageType: 'ack', updates: [] }, { messageType: 'ack', updates: null }, { messageType: 'ack', updates: {} }, { messageType: 'ack', updates: 'x' }, { messageType: 'ack', updates: { channelID: uuid(), version: 1 } }]) {
    const c = await device(ctx); c.send(o); await expectEcho(ctx, c, o, 401, '§7.3', `ack updates=${JSON.stringify(o.updates) ?? '(missing)'}`);
  }
});

// ---------------- §13 versions
T('versions: lower while pending / after ack / equal / higher', '§13 (cl.51,52)', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  let r = await ctx.put(ep, 'version=10'); await expectNotif(ctx, a, chid, 10, '§13.2', 'v10');
  r = await ctx.put(ep, 'version=5');
  ctx.check(r.status === 200, '§13.3', 'lower v5 while v10 pending → normal status 200', 200, `${r.status} ${r.body}`);
  await expectNothing(ctx, a, 1000, '§13.3 (cl.52)', 'lower v5 not sent while v10 pending');
  r = await ctx.put(ep, 'version=10');
  ctx.check(r.status === 200, '§13.2', 'equal v10 while v10 pending → 200', 200, r.status);
  await expectNotif(ctx, a, chid, 10, '§13.2', 'equal version (≥ pending) replaces and is delivered');
  r = await ctx.put(ep, 'version=15'); await expectNotif(ctx, a, chid, 15, '§13.2', 'higher v15 delivered');
  a.send({ messageType: 'ack', updates: [{ channelID: chid, version: 15 }] });
  await register(a, uuid()); // barrier (§1.8)
  r = await ctx.put(ep, 'version=3');
  ctx.check(r.status === 200, '§13.2', 'after ack, lower v3 → 200', 200, r.status);
  await expectNotif(ctx, a, chid, 3, '§13.2 (cl.51)', 'after ack a lower version is delivered');
  r = await ctx.put(ep, 'version=0');
  await expectNothing(ctx, a, 800, '§13.3', 'v0 while v3 pending not sent');
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); await hello(b, { uaid: a.uaid, channelIDs: [chid] });
  await expectNotif(ctx, b, chid, 3, '§13.3 (cl.52)', 'flush keeps the higher pending v3');
  // offline lower-than-pending
  b.close(); await b.waitClose(2000);
  const r1 = await ctx.put(ep, 'version=50'); const r2 = await ctx.put(ep, 'version=40');
  ctx.check(r1.status === 202 && r2.status === 202, '§13.3', 'offline v50 then v40 → 202, 202', '202,202', [r1.status, r2.status]);
  const c = await ctx.open(); await hello(c, { uaid: a.uaid, channelIDs: [chid] });
  await expectNotif(ctx, c, chid, 50, '§13.3', 'offline: flush has v50 (higher kept)');
  c.send({ messageType: 'ack', updates: [{ channelID: chid, version: 50 }] });
  await register(c, uuid()); // barrier (§1.8)
  const r3 = await ctx.put(ep, 'version=9223372036854775807');
  await expectNotif(ctx, c, chid, '9223372036854775807', '§6.2', 'int64 max delivered exactly');
});

// ---------------- offline / close races
T('offline: stored and delivered; PUT right after close → 202', '§9.8/§9.9 (cl.42)', async (ctx) => {
  // after close handshake completed
  const a = await device(ctx); const x = await regOK(a);
  a.close(); await a.waitClose(2000);
  let r = await ctx.put(x.ep, 'version=1');
  ctx.check(r.status === 202 && r.body.trim() === '{}', '§9.8 (cl.42)', 'PUT right after close handshake → 202 {}', '202 {}', `${r.status} ${r.body}`);
  // close frame sent, PUT right away (not waiting for server's close reply)
  const results = [];
  for (let i = 0; i < 5; i++) {
    const b = await device(ctx); const y = await regOK(b);
    b.close(); await sleep(30);
    const rr = await ctx.put(y.ep, 'version=2');
    results.push(rr.status);
  }
  ctx.check(results.every((s) => s === 202), '§9.9 (cl.42)', 'PUT 30 ms after sending close frame → 202 (×5)', '202 ×5', results);
  // socket failed (TCP destroyed without close frame)
  const c = await device(ctx); const z = await regOK(c);
  c.selfClosed = true; c.ws._socket.destroy();
  await sleep(300);
  r = await ctx.put(z.ep, 'version=3');
  ctx.check(r.status === 202, '§9.9', 'PUT 300 ms after TCP reset (no close frame) → 202', 202, `${r.status} ${r.body}`);
  // stored then delivered on reconnect
  const d = await ctx.open(); await hello(d, { uaid: c.uaid, channelIDs: [z.chid] });
  await expectNotif(ctx, d, z.chid, 3, '§3.6', 'stored update delivered after reconnect');
  d.send({ messageType: 'ack', updates: [{ channelID: z.chid, version: 3 }] });
  await expectNothing(ctx, d, 400, '§7.2', 'ack no reply');
});

// ---------------- §8 ping/purge
T('ping forms before and after hello', '§8.1/§8.2 (cl.39)', async (ctx) => {
  const forms = ['{}', '{ }', ' { } ', '\t{\n}\r\n', '', ' ', 'x', '7', '   ', '{"messageType":"ping"}', '{"messageType":"PING"}', '{"MessageType":"Ping","x":1}'];
  for (const f of forms) {
    for (const when of ['before', 'after']) {
      const c = when === 'before' ? await ctx.open() : await device(ctx);
      c.send(f);
      const ev = await c.next(2000);
      ctx.check(ev.type === 'msg' && ev.text === '{}', '§8.1/§8.2 (cl.39)', `${JSON.stringify(f)} ${when} hello → exactly {}`, '{}', fmt(ev));
      const after = await c.quiet(300);
      ctx.check(c.isOpen() && after.length === 0, '§8.2', `${JSON.stringify(f)} ${when}: socket stays open`, 'open', fmtAll(after));
    }
  }
  const c = await device(ctx); const r = await register(c, uuid());
  ctx.check(r.m && r.m.status === 200, '§8', 'helloed socket usable (no ping used)', 200, fmt(r.ev));
});

T('ping rate limit', '§8.3 (cl.40)', async (ctx) => {
  for (const [p1, p2] of [['{}', '{}'], ['{"messageType":"ping"}', '{"messageType":"ping"}'], ['{}', '{"messageType":"ping","x":1}']]) {
    const c = await device(ctx);
    c.send(p1); const e1 = await c.next(2000);
    ctx.check(e1.type === 'msg' && e1.text === '{}', '§8.3', `first ping ${p1} → {}`, '{}', fmt(e1));
    c.send(p2);
    const exp = { ...(J(p2)), status: 401, error: 'Invalid Command' };
    const e2 = await c.next(2000);
    ctx.check(e2.type === 'msg' && deq(J(e2.text), exp), '§8.3 (cl.40)', `second ping ${p2} immediately → 401 echo`, JSON.stringify(exp), fmt(e2));
    const cl = e2.type === 'close' ? e2 : await c.waitClose(2000);
    ctx.check(cl.type === 'close' && cl.code === 1000, '§8.3', 'then close 1000', 'close 1000', fmt(cl));
  }
  for (const p of ['', 'x', '{ }']) {
    const c = await ctx.open(); c.send(p); await c.next(2000); c.send(p);
    const ev = await c.quiet(1500);
    ctx.info('§8.3', `second ping ${JSON.stringify(p)} (not a JSON object) immediately — echo shape`, fmtAll(ev));
    ctx.check(ev.some((e) => e.type === 'close'), '§8.3', `second ping ${JSON.stringify(p)} immediately → socket closed`, 'close', fmtAll(ev));
  }
  // purge then ping / ping then purge
  { const c = await device(ctx); c.send({ messageType: 'purge' }); await c.next(2000); c.send('{}'); const ev = await c.quiet(1000); ctx.info('§8.3/§8.5', 'purge then ping immediately (does purge count as a ping?)', fmtAll(ev)); }
  { const c = await device(ctx); c.send('{}'); await c.next(2000); c.send({ messageType: 'purge' }); const ev = await c.quiet(1000); ctx.info('§8.3/§8.5', 'ping then purge immediately', fmtAll(ev)); }
  // ping before hello then ping after hello immediately (same connection)
  { const c = await ctx.open(); c.send('{}'); await c.next(2000); await hello(c, { uaid: '' }); c.send('{}'); const ev = await c.quiet(1000); ctx.check(ev.length && ev[0].type === 'msg' && J(ev[0].text)?.status === 401, '§8.3', 'ping before hello, hello, ping again immediately → 401 (per connection)', '401 echo + close', fmtAll(ev)); }
});

T('purge before and after hello', '§8.5 (cl.41)', async (ctx) => {
  const c = await ctx.open();
  c.send({ messageType: 'purge' });
  const e1 = await c.next(2000);
  ctx.check(e1.type === 'msg' && e1.text === '{}', '§8.5 (cl.41)', 'purge before hello → {}', '{}', fmt(e1));
  const h = await hello(c, { uaid: '' });
  ctx.check(h.m && h.m.status === 200, '§8.5', 'socket stays open, hello works after purge', 200, fmt(h.ev));
  c.uaid = h.m && h.m.uaid;
  const { chid, ep } = await regOK(c);
  await ctx.put(ep, 'version=4'); await c.next(2000);
  c.send({ messageType: 'PURGE', extra: 1 });
  const e2 = await c.next(2000);
  ctx.check(e2.type === 'msg' && e2.text === '{}', '§8.5 (cl.41)', 'PURGE after hello → {}', '{}', fmt(e2));
  const r = await register(c, uuid());
  ctx.check(r.m && r.m.status === 200, '§8.5', 'socket stays open after purge', 200, fmt(r.ev));
  c.close(); await c.waitClose(2000);
  const d = await ctx.open(); await hello(d, { uaid: c.uaid, channelIDs: [chid] });
  await expectNotif(ctx, d, chid, 4, '§8.5', 'purge changed no state (unacked update still pending)');
});

// ---------------- misc
T('misc: ack after unregister / other uaid chid / notifications not cross-delivered', '§5.3/§6', async (ctx) => {
  const a = await device(ctx); const b = await device(ctx);
  const chid = uuid();
  const ra = await regOK(a, chid); const rb = await regOK(b, chid);
  ctx.check(ra.ep !== rb.ep, '§4.5', 'same chid on two uaids → distinct endpoints (keyed by uaid,chid)', 'different', [ra.ep.slice(-20), rb.ep.slice(-20)]);
  const r = await ctx.put(ra.ep, 'version=5');
  ctx.check(r.status === 200, '§4.5', 'PUT to A', 200, r.status);
  await expectNotif(ctx, a, chid, 5, '§4.5', 'A receives');
  await expectNothing(ctx, b, 600, '§4.5', 'B (same chid, other uaid) receives nothing');
  b.send({ messageType: 'unregister', channelID: chid }); await b.next(2000);
  const r2 = await ctx.put(ra.ep, 'version=6');
  ctx.check(r2.status === 200, '§4.5', "B's unregister does not affect A's channel", 200, r2.status);
  await expectNotif(ctx, a, chid, 6, '§4.5', 'A still receives');
});

// ---------------- extra edge cases / races
T('edge: concurrent PUTs keep the highest pending version', '§13.1/§13.3', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  const vs = Array.from({ length: 30 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  const rs = await Promise.all(vs.map((v) => ctx.put(ep, 'version=' + v)));
  ctx.check(rs.every((r) => r.status === 200), '§9.8', '30 concurrent PUTs (shuffled 1..30) → all 200', 'all 200', rs.map((r) => r.status));
  const evs = await a.quiet(1500);
  const seen = evs.filter((e) => e.type === 'msg').map((e) => +verOf(N(e.text).updates[0]));
  const mono = seen.every((v, i) => i === 0 || v >= seen[i - 1]);
  ctx.check(mono && seen[seen.length - 1] === 30, '§13.3', 'delivered versions never go down and end at 30', 'non-decreasing, last 30', seen);
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); await hello(b, { uaid: a.uaid, channelIDs: [chid] });
  await expectNotif(ctx, b, chid, 30, '§13.3', 'flush after reconnect has the max (30)');
});

T('edge: unregister racing with PUTs', '§5.3', async (ctx) => {
  let bad = 0; const log = [];
  for (let i = 0; i < 10; i++) {
    const a = await device(ctx);
    const { chid, ep } = await regOK(a);
    const puts = Promise.all([1, 2, 3].map((v) => ctx.put(ep, 'version=' + v)));
    a.send({ messageType: 'unregister', channelID: chid });
    let gotUnreg = false;
    const after = [];
    const end = Date.now() + 1500;
    while (Date.now() < end) {
      const ev = await a.next(Math.max(1, end - Date.now()));
      if (ev.type !== 'msg') break;
      const m = J(ev.text);
      if (m && m.messageType === 'unregister') gotUnreg = true;
      else if (gotUnreg) after.push(ev.text);
    }
    const st = (await puts).map((r) => r.status);
    const r2 = await ctx.put(ep, 'version=9');
    if (after.length || r2.status !== 404) { bad++; log.push({ after, st, late: r2.status }); }
  }
  ctx.check(bad === 0, '§5.3', '10 × (3 PUTs racing an unregister): no notification after the unregister reply, later PUT 404', '0 violations', log);
});

T('edge: simultaneous takeover race', '§3.4', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); const c = await ctx.open();
  b.send({ messageType: 'hello', uaid: a.uaid, channelIDs: [chid] });
  c.send({ messageType: 'hello', uaid: a.uaid, channelIDs: [chid] });
  const [hb, hc] = [await b.nextJSON(3000), await c.nextJSON(3000)];
  ctx.check(hb && hc && hb.uaid === a.uaid && hc.uaid === a.uaid, '§3.4', 'both simultaneous hellos → 200 same uaid', a.uaid, [hb, hc]);
  await sleep(500);
  const open = [b, c].filter((x) => x.isOpen());
  ctx.check(open.length === 1, '§3.4', 'exactly one of the two sockets stays open', '1 open', open.map((x) => x.label));
  const r = await ctx.put(ep, 'version=5');
  ctx.check(r.status === 200, '§9.8', 'PUT → 200 to the survivor', 200, r.status);
  if (open.length === 1) await expectNotif(ctx, open[0], chid, 5, '§3.4', 'survivor receives');
});

T('edge: robustness (deep nesting, odd numbers, invalid UTF-8, duplicate keys)', '§1.4/§2.1', async (ctx) => {
  { const c = await ctx.open(); const deep = '['.repeat(5000) + ']'.repeat(5000); c.send(`{"messageType":"hello","uaid":"","channelIDs":[],"x":${deep}}`); const ev = await c.next(3000); ctx.info('§2.1', 'hello with a 5000-level nested unknown field', fmt(ev)); }
  { const c = await ctx.open(); const deep = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000); c.send(`{"messageType":"hello","uaid":"","channelIDs":[],"x":${deep}}`); const ev = await c.next(3000); ctx.info('§2.1', 'hello with a 20000-level nested object field', fmt(ev)); }
  { const d = await device(ctx); const { chid } = await regOK(d); d.send(`{"messageType":"ack","updates":[{"channelID":"${chid}","version":1e400},{"channelID":"${chid}","version":-5},{"channelID":"${chid}","version":99999999999999999999999}]}`); const ev = await d.quiet(600); ctx.check(ev.length === 0 && d.isOpen(), '§7.4', 'ack entries with 1e400 / -5 / 1e23 versions → ignored, no reply, open', 'nothing', fmtAll(ev)); }
  { const c = await ctx.open(); c.send(Buffer.from([0x7b, 0x22, 0x6d, 0xff, 0xfe, 0x22, 0x7d]), { binary: false }); const ev = await c.quiet(2000); ctx.info('§1.4', 'text frame with invalid UTF-8 (RFC 6455 says fail with 1007)', fmtAll(ev)); }
  { const c = await ctx.open(); c.send('{"messageType":"bogus","messageType":"hello","uaid":"","channelIDs":[]}'); const ev = await c.next(2000); ctx.info('§2.1', 'duplicate exact key messageType: "bogus" then "hello"', fmt(ev)); }
  { const c = await ctx.open(); c.send('\ufeff{"messageType":"hello","channelIDs":[]}'); const ev = await c.quiet(1000); ctx.info('§1.4', 'hello prefixed with a UTF-8 BOM', fmtAll(ev)); }
  { const c = await ctx.open(); c.send('  {"messageType":"hello","uaid":"","channelIDs":[]}  \n'); const ev = await c.next(2000); const m = ev.type === 'msg' ? J(ev.text) : null; ctx.check(m && m.status === 200, '§2.1', 'hello with surrounding whitespace → 200', 'hello 200', fmt(ev)); }
  const alive = await ctx.open(); const h = await hello(alive, { uaid: '' });
  ctx.check(h.m && h.m.status === 200, '§1', 'server still healthy afterwards', 'hello 200', fmt(h.ev));
});

T('edge: ID case handling (uaid / chid / ack)', '§0/§3.3/§4', async (ctx) => {
  const a = await device(ctx);
  const chid = uuid();
  const { ep } = await regOK(a, chid);
  const up = await register(a, chid.toUpperCase());
  ctx.info('§0/§4.4', 'register same chid upper-cased (same ID?)', fmt(up.ev));
  await ctx.put(ep, 'version=5'); await a.next(2000);
  a.send({ messageType: 'ack', updates: [{ channelID: chid.toUpperCase(), version: 5 }] });
  await register(a, uuid());
  a.close(); await a.waitClose(2000);
  const b = await ctx.open(); const h = await hello(b, { uaid: a.uaid.toUpperCase(), channelIDs: [chid] });
  ctx.info('§0/§3.3', 'known uaid sent upper-cased on a new socket with non-empty channelIDs', `${fmt(h.ev)} (${h.m && h.m.uaid === a.uaid ? 'same uaid (lower)' : h.m && h.m.uaid === a.uaid.toUpperCase() ? 'same, as sent' : 'new uaid'})`);
  const f = await b.quiet(700);
  ctx.info('§7.4', 'flush after acking with upper-cased chid (is ack case-insensitive?)', fmtAll(f));
  const c = await ctx.open(); const h2 = await hello(c, { uaid: a.uaid, channelIDs: [chid] });
  const f2 = await c.quiet(700);
  ctx.info('§7.4', 'reconnect with exact uaid: flush', `${fmt(h2.ev)} | ${fmtAll(f2)}`);
  // ack entry keys in other case
  const d = await device(ctx); const x = await regOK(d);
  await ctx.put(x.ep, 'version=7'); await d.next(2000);
  d.send({ messageType: 'ack', updates: [{ ChannelID: x.chid, VERSION: 7 }] });
  await register(d, uuid());
  d.close(); await d.waitClose(2000);
  const e = await ctx.open(); await hello(e, { uaid: d.uaid, channelIDs: [x.chid] });
  const f3 = await e.quiet(700);
  ctx.info('§2.1/§7', 'ack entry with keys ChannelID/VERSION (case-insensitive keys inside updates?) → flush after reconnect', fmtAll(f3));
});

T('edge: second hello with 201 channelIDs on a helloed socket', '§3.3 rule 1', async (ctx) => {
  const a = await device(ctx);
  const { ev, m } = await hello(a, { uaid: a.uaid, channelIDs: Array.from({ length: 201 }, uuid) });
  ctx.check(m && m.status === 200 && m.uaid === a.uaid, '§3.3 r1', 'rule 1 first: second hello same uaid + 201 channelIDs → same uaid', a.uaid, fmt(ev));
});

T('edge: HTTP odd bodies', '§9.4/§9.6', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  for (const body of ['version=5&data=%zz', 'version=6&data=%ff%fe', 'version=7&data=x&data=y', 'version=8&&&=&data', 'version=9;data=x']) {
    const r = await ctx.put(ep, body);
    const ev = r.status === 200 ? await a.next(1500) : { type: 'timeout' };
    ctx.info('§9.4', `body ${JSON.stringify(body)}`, `${r.status} ${r.body} → ${fmt(ev)}`);
    if (ev.type === 'msg') { a.send({ messageType: 'ack', updates: N(ev.text).updates.map((u) => ({ channelID: u.channelID, version: +verOf(u) })) }); await register(a, uuid()); }
  }
  const r = await ctx.put(ep, 'version=' + '1'.repeat(5000));
  ctx.check(r.status === 400, '§9.5', '5000-digit version → 400', 400, `${r.status} ${r.body}`);
});

T('edge: ack immediately followed by a lower-version PUT (no barrier)', '§13.2', async (ctx) => {
  const a = await device(ctx);
  const { chid, ep } = await regOK(a);
  let suppressed = 0; const N_ = 20;
  for (let i = 0; i < N_; i++) {
    const hi = 1000 + i * 10;
    await ctx.put(ep, 'version=' + hi); await a.next(2000);
    a.send({ messageType: 'ack', updates: [{ channelID: chid, version: hi }] });
    await ctx.put(ep, 'version=' + (hi - 5));
    const ev = await a.next(700);
    if (ev.type !== 'msg') { suppressed++; await ctx.put(ep, 'version=' + (hi + 5)); await a.next(2000); a.send({ messageType: 'ack', updates: [{ channelID: chid, version: hi + 5 }] }); await register(a, chid); }
    else { a.send({ messageType: 'ack', updates: [{ channelID: chid, version: hi - 5 }] }); await register(a, chid); }
  }
  ctx.info('§13.2', `ack sent on WS, then at once a lower-version PUT over HTTP: lower version NOT delivered (ack not yet applied) in`, `${suppressed}/${N_}`);
});

T('edge: PUT racing a reconnecting hello is not lost', '§3.6/§9.8', async (ctx) => {
  const lost = [];
  for (let i = 0; i < 15; i++) {
    const a = await device(ctx); const { chid, ep } = await regOK(a);
    a.close(); await a.waitClose(2000);
    const b = await ctx.open();
    const v = 100 + i;
    b.send({ messageType: 'hello', uaid: a.uaid, channelIDs: [chid] });
    await sleep(i % 5);
    const r = await ctx.put(ep, 'version=' + v);
    const evs = await b.quiet(1200);
    const got = evs.filter((e) => e.type === 'msg').map((e) => N(e.text)).filter((m) => m && m.messageType === 'notification').flatMap((m) => m.updates.map(verOf));
    if (!got.includes(String(v))) lost.push({ i, put: r.status, got: fmtAll(evs) });
  }
  ctx.check(lost.length === 0, '§3.6/§9.8', '15 × PUT racing the hello of a reconnecting device: update delivered on that connection (flush or direct)', '0 lost', lost);
});

T('edge: PUT immediately after a takeover hello reply', '§3.4', async (ctx) => {
  let bad = [];
  for (let i = 0; i < 10; i++) {
    const a = await device(ctx); const { chid, ep } = await regOK(a);
    const b = await ctx.open();
    const h = await hello(b, { uaid: a.uaid, channelIDs: [chid] });
    const r = await ctx.put(ep, 'version=' + (i + 1));
    const nb = await b.next(1500);
    const ok = r.status === 200 && nb.type === 'msg' && verOf(N(nb.text).updates[0]) === String(i + 1);
    const aEv = (await a.quiet(200)).filter((e) => e.type === 'msg');
    if (!ok || aEv.length) bad.push({ i, put: r.status, newSock: fmt(nb), oldSock: fmtAll(aEv) });
  }
  ctx.check(bad.length === 0, '§3.4', '10 × PUT right after the takeover hello reply → 200, only the new socket receives', '0 violations', bad);
});

main();
