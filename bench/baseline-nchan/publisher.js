'use strict';
// Publishes pushclock's tick to Nchan (bench/baseline-nchan/nginx.conf) at every second boundary:
// the tick JSON to channel "clock" (SSE, the NDJSON stream, polling) and the same tick with
// "type":"tick" first to channel "clock-ws" (WebSocket frames). The current tick is published at
// start, so the first subscriber already has one. No dependencies.
//
//   PUBLISH=http://127.0.0.1:18083 node publisher.js

const http = require('node:http');

const PUBLISH = new URL(process.env.PUBLISH || 'http://127.0.0.1:18083');
const PERIOD_MS = 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

// Exactly pushclock's rendering for zone UTC.
function tickJson(seq) {
  const epochMillis = seq * PERIOD_MS;
  const iso = new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{"seq":${seq},"epochMillis":${epochMillis},"iso":"${iso}","time":"${iso.slice(11, 19)}","zone":"UTC"}`;
}

function publish(path, body) {
  const request = http.request({
    agent, host: PUBLISH.hostname, port: PUBLISH.port, path, method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
  }, response => {
    if (response.statusCode >= 300) console.error(`publish to ${path}: ${response.statusCode}`);
    response.resume();
  });
  request.on('error', error => console.error(`publish to ${path}: ${error.message}`));
  request.end(body);
}

let published = -1;

function tick() {
  const seq = Math.floor(Date.now() / PERIOD_MS);
  if (seq > published) {
    published = seq;
    const json = tickJson(seq);
    publish('/pub/clock-ws', '{"type":"tick",' + json.slice(1));
    publish('/pub/clock', json);
  }
  setTimeout(tick, PERIOD_MS - (Date.now() % PERIOD_MS));
}

tick();
