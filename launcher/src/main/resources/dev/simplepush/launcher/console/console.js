// The SimplePush console: this page is a device (spec: hello, register, unregister, ack) and an
// app server (PUT to an endpoint). As a Web Push device (webpush.md: hello with use_webpush) it
// makes each subscription's keys, decrypts the aes128gcm messages it receives and acks each by
// its message id; as the app server it encrypts a message to a subscription and POSTs it, with
// VAPID when the subscription is restricted. The crypto is in webpush-crypto.js (WebCrypto).
// config.json, served beside this file, says where the delivery node and the gateway listen.
'use strict';

(() => {
  /** One stored device per kind: switching kinds switches devices, as two browsers would be. */
  const STORES = {simplepush: 'simplepush-console', webpush: 'simplepush-console-webpush'};
  const MODE_STORE = 'simplepush-console-mode';
  const VALID_ID = /^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
  const $ = (id) => document.getElementById(id);
  const W = globalThis.WebPushCrypto;
  const webPushPossible = Boolean(W && W.available);

  let config = null;
  let socket = null;
  let retryMillis = 1000;
  /** 'simplepush' or 'webpush': the kind of device this page is. */
  let mode = 'simplepush';
  /** Whether the server put this connection in data mode (its hello reply said use_webpush). */
  let dataMode = false;
  let uaid = null;
  /**
   * Each registered channel: {channelID, endpoint, next}; next is the version to suggest. A Web
   * Push channel has instead {channelID, endpoint, p256dh, auth, privateJwk, appServerKey,
   * vapidJwk}: its subscription keys, and the key it is restricted to with, if this page made
   * that pair, its private half.
   */
  let channels = [];
  /** When this page sent each PUT, by "chid version", or each POST, by "chid\nplaintext", to time it to its arrival. */
  const sentAt = new Map();
  /** Keys of registers sent and not yet answered, by channel id. */
  const registering = new Map();
  /** The VAPID pair this page generated last: {publicKey, privateJwk}. */
  let vapid = null;
  /** Data-mode notifications are decrypted and acked one after the other, in arrival order. */
  let incoming = Promise.resolve();
  /** Message ids seen on this page, to mark a message the server sends again (not acked before a disconnect). */
  const seen = new Set();
  /** The Location of the last accepted POST, for its cancel button. */
  let lastLocation = null;

  // ---- Stored device: the UAID and its channels survive a reload, as on a real device.

  function validChannel(c) {
    if (!c || !VALID_ID.test(c.channelID) || typeof c.endpoint !== 'string') {
      return false;
    }
    return mode === 'simplepush'
      || (typeof c.p256dh === 'string' && typeof c.auth === 'string' && c.privateJwk && typeof c.privateJwk.d === 'string');
  }

  function restore() {
    const storedMode = localStorage.getItem(MODE_STORE);
    mode = storedMode === 'webpush' && webPushPossible ? 'webpush' : 'simplepush';
    try {
      const stored = JSON.parse(localStorage.getItem(STORES[mode])) || {};
      uaid = typeof stored.uaid === 'string' && VALID_ID.test(stored.uaid) ? stored.uaid : null;
      channels = Array.isArray(stored.channels) ? stored.channels.filter(validChannel) : [];
    } catch (e) {
      uaid = null;
      channels = [];
    }
  }

  function save() {
    localStorage.setItem(STORES[mode], JSON.stringify({uaid, channels}));
  }

  // ---- The WebSocket.

  function setState(text, kind) {
    const state = $('state');
    state.textContent = text;
    state.className = 'state' + (kind ? ' ' + kind : '');
  }

  function connect() {
    setState('connecting…');
    dataMode = false;
    socket = new WebSocket(config.webSocketUrl);
    const current = socket;
    socket.onopen = () => {
      setState('connected, saying hello…');
      const hello = {messageType: 'hello', uaid: uaid || '', channelIDs: channels.map((c) => c.channelID)};
      if (mode === 'webpush') {
        hello.use_webpush = true;
      }
      send(hello);
    };
    socket.onmessage = (event) => {
      if (socket === current) {
        receive(event.data);
      }
    };
    socket.onclose = (event) => {
      if (socket !== current) {
        return; // replaced on purpose (Forget this device, or another kind of device)
      }
      $('register').disabled = true;
      const seconds = Math.round(retryMillis / 1000);
      setState(`disconnected (code ${event.code}); reconnecting in ${seconds} s`, 'down');
      setTimeout(() => {
        if (socket === current) {
          connect();
        }
      }, retryMillis);
      retryMillis = Math.min(retryMillis * 2, 30000);
    };
  }

  /** Closes the current socket on purpose and opens a new one (after its device changed). */
  function reconnect() {
    const old = socket;
    socket = null;
    if (old) {
      old.close();
    }
    retryMillis = 1000;
    connect();
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    }
  }

  /**
   * Parses keeping each numeric version's exact digits: SimplePush versions go up to 2^63 − 1,
   * past JavaScript's exact integers. (A Web Push version is a message id, a string already.)
   */
  function parse(text) {
    return JSON.parse(text, (key, value, context) =>
      key === 'version' && typeof value === 'number' && context && typeof context.source === 'string' ? context.source : value);
  }

  function receive(text) {
    let message;
    try {
      message = parse(text);
    } catch (e) {
      return;
    }
    const type = typeof message.messageType === 'string' ? message.messageType.toLowerCase() : '';
    if (type === 'hello') {
      onHello(message);
    } else if (type === 'register') {
      onRegister(message);
    } else if (type === 'unregister') {
      onUnregister(message);
    } else if (type === 'notification') {
      if (dataMode) {
        // In data mode each notification is one message; an updates array is not for this mode (as Gecko).
        if (typeof message.channelID === 'string' && typeof message.version === 'string') {
          incoming = incoming.then(() => onMessage(message));
        }
      } else {
        onNotification(message);
      }
    }
    // Anything else ({} pongs, broadcast) needs no action.
  }

  function onHello(message) {
    if (message.status !== 200) {
      setState(`hello refused: ${message.status} ${message.error || ''}`, 'down');
      return;
    }
    if (uaid && message.uaid !== uaid) {
      // The server did not know this device (or reset it): its old endpoints are gone.
      channels = [];
    }
    uaid = message.uaid;
    dataMode = mode === 'webpush' && message.use_webpush === true;
    save();
    retryMillis = 1000;
    $('uaid').textContent = uaid;
    $('register').disabled = false;
    if (mode === 'webpush' && !dataMode) {
      setState('connected, but as a SimplePush device: the server did not take use_webpush, so messages come without data', 'down');
    } else {
      setState('connected', 'connected');
    }
    render();
  }

  // ---- Register and unregister.

  function newChannelID() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function register() {
    const channelID = newChannelID();
    if (mode !== 'webpush') {
      send({messageType: 'register', channelID});
      return;
    }
    const key = $('app-key').value.trim();
    if (key !== '') {
      let point = null;
      try {
        point = W.decode(key);
      } catch (e) {
        // reported below
      }
      if (!point || point.length !== 65 || point[0] !== 4) {
        // Sent anyway: the server's answer (400 "Invalid key") is part of what the console shows.
        $('device-result').textContent = 'That key is not a 65-byte uncompressed P-256 point; the server should refuse it.';
      }
    }
    const keys = await W.newSubscriptionKeys();
    registering.set(channelID, {
      ...keys,
      appServerKey: key === '' ? null : key,
      vapidJwk: vapid && key === vapid.publicKey ? vapid.privateJwk : null,
    });
    const message = {messageType: 'register', channelID};
    if (key !== '') {
      message.key = key;
    }
    send(message);
  }

  function onRegister(message) {
    const pending = registering.get(message.channelID);
    registering.delete(message.channelID);
    if (message.status !== 200) {
      const text = `Register failed: ${message.status} ${message.error || ''}`;
      $('device-result').textContent = text;
      $('put-result').textContent = text;
      return;
    }
    $('device-result').textContent = '';
    if (!channels.some((c) => c.channelID === message.channelID)) {
      if (mode === 'webpush') {
        if (!pending) {
          return; // not one this page asked for: it has no keys for it
        }
        channels.push({channelID: message.channelID, endpoint: message.pushEndpoint, ...pending});
      } else {
        channels.push({channelID: message.channelID, endpoint: message.pushEndpoint, next: 1});
      }
    }
    save();
    render();
    if (mode === 'webpush') {
      $('post-channel').value = message.channelID;
    } else {
      $('put-channel').value = message.channelID;
      $('put-version').value = '1';
    }
  }

  function unregister(channelID) {
    send({messageType: 'unregister', channelID});
  }

  function onUnregister(message) {
    channels = channels.filter((c) => c.channelID !== message.channelID);
    save();
    render();
  }

  // ---- SimplePush notifications: versions, acked together.

  function onNotification(message) {
    const updates = Array.isArray(message.updates) ? message.updates : [];
    const arrived = performance.now();
    for (const update of updates) {
      const version = String(update.version);
      const key = update.channelID + ' ' + version;
      const sent = sentAt.get(key);
      sentAt.delete(key);
      const channel = channels.find((c) => c.channelID === update.channelID);
      if (channel && channel.next !== undefined && /^\d{1,15}$/.test(version) && Number(version) >= channel.next) {
        channel.next = Number(version) + 1;
      }
      showArrival(update, version, sent === undefined ? null : arrived - sent);
    }
    // One ack echoing every update, each version written with its exact digits.
    const acked = updates.filter((u) => /^\d+$/.test(String(u.version)))
      .map((u) => `{"channelID":${JSON.stringify(String(u.channelID))},"version":${String(u.version)}}`);
    if (acked.length > 0) {
      send(`{"messageType":"ack","updates":[${acked.join(',')}]}`);
    }
    save();
    render();
  }

  // ---- Web Push messages (data mode): decrypt, show, ack by message id.

  /**
   * Decrypts one message (W3.1) and acks it: code 100 when shown, 101 when it does not decrypt,
   * 102 when it is for a channel this page has no keys for.
   */
  async function onMessage(message) {
    const arrived = performance.now();
    const channel = channels.find((c) => c.channelID === message.channelID && c.p256dh);
    const encoding = message.headers && typeof message.headers.encoding === 'string' ? message.headers.encoding : null;
    const shown = {channelID: message.channelID, version: message.version, again: seen.has(message.version)};
    seen.add(message.version);
    let code = 100;
    if (!channel) {
      code = 102;
      shown.problem = 'for a channel this page has no keys for';
    } else if (typeof message.data !== 'string') {
      shown.empty = true;
    } else if (encoding !== 'aes128gcm') {
      code = 101;
      shown.problem = `encoded ${encoding === null ? 'with no encoding' : encoding}, which this page does not decrypt`;
    } else {
      shown.bytes = Math.floor(message.data.replace(/=+$/, '').length * 3 / 4);
      try {
        const plaintext = await W.decrypt(message.data, channel);
        shown.plaintext = new TextDecoder().decode(plaintext);
      } catch (e) {
        code = 101;
        shown.problem = `does not decrypt: ${e.message}`;
      }
    }
    if (shown.plaintext !== undefined) {
      const key = channel.channelID + '\n' + shown.plaintext;
      const sent = sentAt.get(key);
      sentAt.delete(key);
      shown.millis = sent === undefined ? null : arrived - sent;
    }
    shown.code = code;
    send({messageType: 'ack', updates: [{channelID: message.channelID, version: message.version, code}]});
    showMessage(shown);
  }

  // ---- The app server side: PUT from this page.

  async function put(event) {
    event.preventDefault();
    const channel = channels.find((c) => c.channelID === $('put-channel').value);
    if (!channel) {
      return;
    }
    const version = $('put-version').value.trim();
    const data = $('put-data').value;
    const body = new URLSearchParams({version});
    if (data !== '') {
      body.set('data', data);
    }
    const key = channel.channelID + ' ' + version.replace(/^\+/, '').replace(/^0+(?=\d)/, '');
    const result = $('put-result');
    sentAt.set(key, performance.now());
    try {
      const response = await fetch(channel.endpoint, {method: 'PUT', body});
      const text = await response.text();
      result.textContent = `PUT version ${version}: ${response.status} ${text}`;
      if (!response.ok) {
        sentAt.delete(key);
      }
    } catch (e) {
      sentAt.delete(key);
      result.textContent = `PUT failed: ${e.message}. Is gateway.cors on?`;
    }
    if (/^\d{1,15}$/.test(version) && Number(version) >= channel.next) {
      channel.next = Number(version) + 1;
      save();
      render();
    }
  }

  // ---- The app server side: an encrypted POST from this page (RFC 8030, 8291, 8292).

  async function post(event) {
    event.preventDefault();
    const channel = channels.find((c) => c.channelID === $('post-channel').value);
    if (!channel) {
      return;
    }
    const result = $('post-result');
    const text = $('post-text').value;
    const ttl = $('post-ttl').value.trim();
    const topic = $('post-topic').value.trim();
    const urgency = $('post-urgency').value;
    $('post-cancel').hidden = true;
    lastLocation = null;
    let body;
    try {
      body = await W.encrypt(text, channel.p256dh, channel.auth);
    } catch (e) {
      result.textContent = `Not sent: ${e.message}`;
      return;
    }
    const headers = {'Content-Encoding': 'aes128gcm', 'TTL': ttl};
    if (topic !== '') {
      headers.Topic = topic;
    }
    if (urgency !== '') {
      headers.Urgency = urgency;
    }
    let note = '';
    if (channel.appServerKey) {
      if (channel.vapidJwk) {
        headers.Authorization = await W.vapidAuthorization(channel.endpoint,
          {publicKey: channel.appServerKey, privateJwk: channel.vapidJwk});
        note = ' · signed with VAPID';
      } else {
        note = ' · sent without VAPID: this page does not hold the private half of the key the subscription is restricted to';
      }
    }
    const key = channel.channelID + '\n' + text;
    sentAt.set(key, performance.now());
    try {
      const response = await fetch(channel.endpoint, {method: 'POST', headers, body});
      const answer = await response.text();
      if (response.status === 201) {
        const location = response.headers.get('Location');
        const ttlUsed = response.headers.get('TTL');
        lastLocation = location ? new URL(location, channel.endpoint).href : null;
        result.textContent = `POST: ${response.status} · Location ${location ?? '(not readable)'} · TTL ${ttlUsed ?? '(not readable)'}${note}`;
        $('post-cancel').hidden = lastLocation === null;
      } else {
        sentAt.delete(key);
        result.textContent = `POST: ${response.status} ${answer}${note}`;
      }
    } catch (e) {
      sentAt.delete(key);
      result.textContent = `POST failed: ${e.message}. Is gateway.cors on?`;
    }
  }

  /** DELETE the last accepted message (W4.8): 204 whether or not it was still pending. */
  async function cancel() {
    if (!lastLocation) {
      return;
    }
    const result = $('post-result');
    try {
      const response = await fetch(lastLocation, {method: 'DELETE'});
      const answer = await response.text();
      result.textContent = `DELETE ${lastLocation}: ${response.status}${answer ? ' ' + answer : ''}`;
    } catch (e) {
      result.textContent = `DELETE failed: ${e.message}`;
    }
    $('post-cancel').hidden = true;
  }

  async function generateVapid() {
    vapid = await W.newVapidKeys();
    $('app-key').value = vapid.publicKey;
    $('device-result').textContent = 'New VAPID key pair: the next channel registered is restricted to it, and this page signs its POSTs.';
  }

  // ---- Rendering; text always goes in through textContent.

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function curl(channel) {
    return `curl -X PUT -d version=${channel.next} ${channel.endpoint}`;
  }

  /** What PushSubscription.toJSON() gives in a browser, the form every Web Push library takes. */
  function subscription(channel) {
    return JSON.stringify({endpoint: channel.endpoint, expirationTime: null,
      keys: {p256dh: channel.p256dh, auth: channel.auth}}, null, 2);
  }

  async function copy(text, source, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // No clipboard API outside secure contexts: select the text and copy it the old way.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand('copy');
    }
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  }

  function renderChannel(channel, index) {
    const item = element('li', 'channel');
    const title = element('div');
    title.append(`Channel ${index + 1} `, element('code', 'channel-id', channel.channelID));
    const endpoint = element('div');
    endpoint.append('Endpoint ', element('code', 'endpoint', channel.endpoint));
    item.append(title, endpoint);
    const webPush = mode === 'webpush';
    if (webPush) {
      const restricted = element('div', 'restriction');
      if (channel.appServerKey) {
        restricted.append('Restricted to the application server key ', element('code', 'app-server-key', channel.appServerKey),
          channel.vapidJwk ? ' (this page holds its private half)' : '');
      } else {
        restricted.append('Unrestricted: a POST needs no VAPID');
      }
      item.append(restricted);
    }
    const row = element('div', 'curl-row');
    const text = webPush ? subscription(channel) : curl(channel);
    const shown = element('pre', webPush ? 'curl subscription' : 'curl', text);
    const copyButton = element('button', 'secondary', 'Copy');
    copyButton.type = 'button';
    copyButton.setAttribute('aria-label', webPush ? `Copy the subscription of channel ${index + 1}`
      : `Copy the curl command of channel ${index + 1}`);
    copyButton.addEventListener('click', () => copy(text, shown, copyButton));
    const remove = element('button', 'secondary', 'Unregister');
    remove.type = 'button';
    remove.setAttribute('aria-label', `Unregister channel ${index + 1}`);
    remove.addEventListener('click', () => unregister(channel.channelID));
    row.append(shown, copyButton, remove);
    item.append(row);
    return item;
  }

  function fillSelect(select) {
    const chosen = select.value;
    select.replaceChildren(...channels.map((channel, index) => {
      const option = element('option', null, `Channel ${index + 1}: ${channel.channelID}`);
      option.value = channel.channelID;
      return option;
    }));
    if (channels.some((c) => c.channelID === chosen)) {
      select.value = chosen;
    }
  }

  function render() {
    const webPush = mode === 'webpush';
    for (const node of document.querySelectorAll('.webpush-only')) {
      node.hidden = !webPush;
    }
    for (const node of document.querySelectorAll('.simplepush-only')) {
      node.hidden = webPush;
    }
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.checked = radio.value === mode;
    }
    $('channels').replaceChildren(...channels.map(renderChannel));
    $('no-channels').hidden = channels.length > 0;

    if (webPush) {
      fillSelect($('post-channel'));
      $('post-send').disabled = channels.length === 0;
      return;
    }
    const select = $('put-channel');
    fillSelect(select);
    $('put-send').disabled = channels.length === 0;
    const selected = channels.find((c) => c.channelID === select.value);
    if (selected && document.activeElement !== $('put-version')) {
      $('put-version').value = String(selected.next);
    }
  }

  function channelLabel(channelID) {
    const channel = channels.findIndex((c) => c.channelID === channelID);
    return channel >= 0 ? `channel ${channel + 1}` : element('code', null, String(channelID));
  }

  function showArrival(update, version, millis) {
    const item = element('li');
    item.append(element('span', 'version', `version ${version}`), ' on ', channelLabel(update.channelID));
    if (typeof update.data === 'string') {
      item.append(' with data ', element('span', 'data', `“${update.data}”`));
    }
    item.append(' · ');
    if (millis === null) {
      item.append('sent from outside this page');
    } else {
      item.append(element('span', 'latency', `${Math.round(millis)} ms`), ' from PUT to arrival');
    }
    item.append(' · ', element('time', 'time', new Date().toLocaleTimeString()), ' · acked');
    $('arrivals').prepend(item);
    $('no-arrivals').hidden = true;
  }

  function showMessage(shown) {
    const item = element('li', 'message');
    item.dataset.version = shown.version;
    item.append(element('span', 'version', 'message'), ' on ', channelLabel(shown.channelID));
    if (shown.plaintext !== undefined) {
      item.append(': ', element('span', 'plaintext', `“${shown.plaintext}”`),
        ` · decrypted (aes128gcm, ${shown.bytes} bytes)`);
    } else if (shown.empty) {
      item.append(' without data (an empty POST, or a PUT)');
    } else {
      item.append(' ', element('span', 'problem', shown.problem));
    }
    if (shown.again) {
      item.append(' · sent again (it was not acked before a disconnect)');
    }
    if (shown.millis !== undefined) {
      item.append(' · ');
      if (shown.millis === null) {
        item.append('sent from outside this page');
      } else {
        item.append(element('span', 'latency', `${Math.round(shown.millis)} ms`), ' from POST to arrival');
      }
    }
    item.append(' · ', element('time', 'time', new Date().toLocaleTimeString()), ` · acked with code ${shown.code}`);
    $('arrivals').prepend(item);
    $('no-arrivals').hidden = true;
  }

  // ---- Status from the admin server's metrics.

  /** The sum of a gauge's samples in a Prometheus text scrape, or null if it has none. */
  function gauge(text, name) {
    let total = null;
    for (const line of text.split('\n')) {
      if (line.startsWith(name + ' ') || line.startsWith(name + '{')) {
        const value = Number(line.slice(line.lastIndexOf(' ') + 1));
        if (Number.isFinite(value)) {
          total = (total || 0) + value;
        }
      }
    }
    return total;
  }

  async function pollMetrics() {
    try {
      const response = await fetch(config.metricsUrl, {cache: 'no-store'});
      const text = await response.text();
      const connections = gauge(text, 'simplepush_node_connections');
      const pending = gauge(text, 'simplepush_state_pending');
      $('connections').textContent = connections === null ? 'unknown' : String(connections);
      $('pending').textContent = pending === null ? 'unknown' : String(pending);
    } catch (e) {
      $('connections').textContent = 'unavailable';
      $('pending').textContent = 'unavailable';
    }
  }

  // ---- Start.

  /** Becomes the other kind of device: its own stored UAID and channels, a new connection. */
  function switchMode(next) {
    if (next === mode || (next === 'webpush' && !webPushPossible)) {
      return;
    }
    localStorage.setItem(MODE_STORE, next);
    restore();
    registering.clear();
    $('uaid').textContent = uaid || 'none yet';
    $('register').disabled = true;
    $('device-result').textContent = '';
    render();
    reconnect();
  }

  async function start() {
    restore();
    render();
    if (!webPushPossible) {
      // WebCrypto exists only in secure contexts: https, or http on localhost / 127.0.0.1.
      const radio = document.querySelector('input[name="mode"][value="webpush"]');
      radio.disabled = true;
      $('mode-hint').textContent = 'Web Push needs WebCrypto, which browsers give only to secure contexts: '
        + 'open this console on http://localhost or http://127.0.0.1, or over https.';
      $('mode-hint').hidden = false;
    }
    $('register').addEventListener('click', register);
    $('put-form').addEventListener('submit', put);
    $('post-form').addEventListener('submit', post);
    $('post-cancel').addEventListener('click', cancel);
    $('vapid').addEventListener('click', generateVapid);
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.addEventListener('change', () => switchMode(radio.value));
    }
    $('put-channel').addEventListener('change', () => {
      const channel = channels.find((c) => c.channelID === $('put-channel').value);
      if (channel) {
        $('put-version').value = String(channel.next);
      }
    });
    $('forget').addEventListener('click', () => {
      localStorage.removeItem(STORES[mode]);
      uaid = null;
      channels = [];
      registering.clear();
      $('uaid').textContent = 'none yet';
      $('register').disabled = true;
      render();
      reconnect();
    });
    try {
      const response = await fetch('config.json', {cache: 'no-store'});
      config = await response.json();
    } catch (e) {
      setState(`cannot read config.json: ${e.message}`, 'down');
      return;
    }
    $('ws-url').textContent = config.webSocketUrl;
    connect();
    pollMetrics();
    setInterval(pollMetrics, 2000);
  }

  start();
})();
