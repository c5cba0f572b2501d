// The SimplePush console: this page is a device (spec: hello, register, unregister, ack) and an
// app server (PUT to an endpoint). config.json, served beside this file, says where the delivery
// node and the gateway listen.
'use strict';

(() => {
  const STORE = 'simplepush-console';
  const VALID_ID = /^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
  const $ = (id) => document.getElementById(id);

  let config = null;
  let socket = null;
  let retryMillis = 1000;
  let uaid = null;
  /** Each registered channel: {channelID, endpoint, next}; next is the version to suggest. */
  let channels = [];
  /** When this page sent each PUT, by "chid version", to time it to its arrival. */
  const sentAt = new Map();

  // ---- Stored device: the UAID and its channels survive a reload, as on a real device.

  function restore() {
    try {
      const stored = JSON.parse(localStorage.getItem(STORE)) || {};
      uaid = typeof stored.uaid === 'string' && VALID_ID.test(stored.uaid) ? stored.uaid : null;
      channels = Array.isArray(stored.channels) ? stored.channels.filter((c) => c && VALID_ID.test(c.channelID)) : [];
    } catch (e) {
      uaid = null;
      channels = [];
    }
  }

  function save() {
    localStorage.setItem(STORE, JSON.stringify({uaid, channels}));
  }

  // ---- The WebSocket.

  function setState(text, kind) {
    const state = $('state');
    state.textContent = text;
    state.className = 'state' + (kind ? ' ' + kind : '');
  }

  function connect() {
    setState('connecting…');
    socket = new WebSocket(config.webSocketUrl);
    const current = socket;
    socket.onopen = () => {
      setState('connected, saying hello…');
      send({messageType: 'hello', uaid: uaid || '', channelIDs: channels.map((c) => c.channelID)});
    };
    socket.onmessage = (event) => receive(event.data);
    socket.onclose = (event) => {
      if (socket !== current) {
        return; // replaced on purpose (Forget this device)
      }
      $('register').disabled = true;
      const seconds = Math.round(retryMillis / 1000);
      setState(`disconnected (code ${event.code}); reconnecting in ${seconds} s`, 'down');
      setTimeout(connect, retryMillis);
      retryMillis = Math.min(retryMillis * 2, 30000);
    };
  }

  function send(message) {
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Parses keeping each version's exact digits: versions go up to 2^63 − 1, past JavaScript's exact integers. */
  function parse(text) {
    return JSON.parse(text, (key, value, context) =>
      key === 'version' && context && typeof context.source === 'string' ? context.source : value);
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
      onNotification(message);
    }
    // Anything else ({} pongs) needs no action.
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
    save();
    retryMillis = 1000;
    $('uaid').textContent = uaid;
    $('register').disabled = false;
    setState('connected', 'connected');
    render();
  }

  function register() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const channelID = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    send({messageType: 'register', channelID});
  }

  function onRegister(message) {
    if (message.status !== 200) {
      $('put-result').textContent = `Register failed: ${message.status} ${message.error || ''}`;
      return;
    }
    if (!channels.some((c) => c.channelID === message.channelID)) {
      channels.push({channelID: message.channelID, endpoint: message.pushEndpoint, next: 1});
    }
    save();
    render();
    $('put-channel').value = message.channelID;
    $('put-version').value = '1';
  }

  function unregister(channelID) {
    send({messageType: 'unregister', channelID});
  }

  function onUnregister(message) {
    channels = channels.filter((c) => c.channelID !== message.channelID);
    save();
    render();
  }

  function onNotification(message) {
    const updates = Array.isArray(message.updates) ? message.updates : [];
    const arrived = performance.now();
    for (const update of updates) {
      const version = String(update.version);
      const key = update.channelID + ' ' + version;
      const sent = sentAt.get(key);
      sentAt.delete(key);
      const channel = channels.find((c) => c.channelID === update.channelID);
      if (channel && /^\d{1,15}$/.test(version) && Number(version) >= channel.next) {
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

  function render() {
    const list = $('channels');
    list.replaceChildren();
    channels.forEach((channel, index) => {
      const item = element('li', 'channel');
      const title = element('div');
      title.append(`Channel ${index + 1} `, element('code', 'channel-id', channel.channelID));
      const endpoint = element('div');
      endpoint.append('Endpoint ', element('code', 'endpoint', channel.endpoint));
      const row = element('div', 'curl-row');
      const command = element('pre', 'curl', curl(channel));
      const copyButton = element('button', 'secondary', 'Copy');
      copyButton.type = 'button';
      copyButton.setAttribute('aria-label', `Copy the curl command of channel ${index + 1}`);
      copyButton.addEventListener('click', () => copy(curl(channel), command, copyButton));
      const remove = element('button', 'secondary', 'Unregister');
      remove.type = 'button';
      remove.setAttribute('aria-label', `Unregister channel ${index + 1}`);
      remove.addEventListener('click', () => unregister(channel.channelID));
      row.append(command, copyButton, remove);
      item.append(title, endpoint, row);
      list.append(item);
    });
    $('no-channels').hidden = channels.length > 0;

    const select = $('put-channel');
    const chosen = select.value;
    select.replaceChildren(...channels.map((channel, index) => {
      const option = element('option', null, `Channel ${index + 1}: ${channel.channelID}`);
      option.value = channel.channelID;
      return option;
    }));
    if (channels.some((c) => c.channelID === chosen)) {
      select.value = chosen;
    }
    $('put-send').disabled = channels.length === 0;
    const selected = channels.find((c) => c.channelID === select.value);
    if (selected && document.activeElement !== $('put-version')) {
      $('put-version').value = String(selected.next);
    }
  }

  function showArrival(update, version, millis) {
    const item = element('li');
    const channel = channels.findIndex((c) => c.channelID === update.channelID);
    item.append(element('span', 'version', `version ${version}`), ' on ',
      channel >= 0 ? `channel ${channel + 1}` : element('code', null, String(update.channelID)));
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

  async function start() {
    restore();
    render();
    $('register').addEventListener('click', register);
    $('put-form').addEventListener('submit', put);
    $('put-channel').addEventListener('change', () => {
      const channel = channels.find((c) => c.channelID === $('put-channel').value);
      if (channel) {
        $('put-version').value = String(channel.next);
      }
    });
    $('forget').addEventListener('click', () => {
      localStorage.removeItem(STORE);
      uaid = null;
      channels = [];
      $('uaid').textContent = 'none yet';
      $('register').disabled = true;
      render();
      const old = socket;
      socket = null;
      if (old) {
        old.close();
      }
      connect();
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
