// A training workload for the JDK's AOT cache: what a replica does in its first minute, every
// transport, the page and the refusals, for about `seconds` seconds against BASE.
//
//   node --experimental-websocket bench/startup/train.mjs http://127.0.0.1:PORT [seconds]
import http from 'node:http';

const base = new URL(process.argv[2]);
const seconds = Number(process.argv[3] ?? 15);
const until = Date.now() + seconds * 1000;

function get(path, { headers = {}, readFor = 0 } = {}) {
  return new Promise((resolve) => {
    const request = http.get(new URL(path, base), { headers, agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      const done = () => resolve({ status: response.statusCode, bytes, etag: response.headers.etag });
      if (readFor > 0) {
        setTimeout(() => { request.destroy(); done(); }, readFor);
      }
      response.on('end', done);
    });
    request.on('error', () => resolve({ status: 0, bytes: 0 }));
  });
}

function socket(path, readFor) {
  return new Promise((resolve) => {
    const ws = new WebSocket(new URL(path, base.href.replace(/^http/, 'ws')));
    let messages = 0;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'ping' }));
    ws.onmessage = () => { messages++; };
    ws.onerror = () => resolve(messages);
    setTimeout(() => { ws.close(); resolve(messages); }, readFor);
  });
}

let rounds = 0;
while (Date.now() < until) {
  const clock = await get('/api/clock');
  await get('/api/clock', { headers: { 'If-None-Match': clock.etag ?? '""' } });
  await get('/api/clock?zone=Asia/Tokyo', { headers: { Accept: 'text/plain' } });
  await get('/api/clock?zone=Nowhere');
  await Promise.all([
    get('/api/clock/next?timeout=1'),
    get('/api/clock/events', { readFor: 2500 }),
    get('/api/clock/stream?zone=Europe/Paris', { readFor: 2500 }),
    get('/iframe/clock', { readFor: 2500 }),
    socket('/ws/clock', 2500),
    get('/'), get('/style.css'), get('/pushclock.js'), get('/page/main.js'), get('/api/stats'),
    get('/no/such/path'),
  ]);
  rounds++;
}
console.log(JSON.stringify({ trained: rounds }));
