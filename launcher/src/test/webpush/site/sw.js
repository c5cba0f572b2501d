// FirefoxWebPushIT's service worker: every push event's data goes back to the test's HTTP server
// as the body of a POST to /pushed, byte for byte (no page needs to be open: after a restart the
// browser wakes this worker alone). A push without data says so in a header.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  const headers = { 'Content-Type': 'application/octet-stream' };
  let body;
  if (event.data) {
    body = event.data.arrayBuffer();
    headers['X-Push-Data'] = 'present';
  } else {
    body = new ArrayBuffer(0);
    headers['X-Push-Data'] = 'none';
  }
  event.waitUntil(fetch('/pushed', { method: 'POST', headers, body }));
});

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(fetch('/subscription-change', { method: 'POST' }));
});
