'use strict';
// The baseline for pushclock's benchmark: the same HTTP contract, written the classic Node way with
// Express and ws, as a good Node developer would — one timer on the second boundaries, each tick
// rendered once per zone and the same string written to every client, backpressure respected
// (a client that cannot keep up gets the newest tick when it drains), no compression on the socket.
// One process, as one would run per container and scale with replicas.
//
//   PORT=8081 node server.js

const http = require('node:http');
const express = require('express');
const { WebSocketServer } = require('ws');

const PORT = Number(process.env.PORT || 8081);
const PERIOD_MS = 1000;
const HISTORY = 300;
const HEARTBEAT_MS = 15000;
const IFRAME_PADDING = 2048;
const IFRAME_MAX_BYTES = 131072;
const MAX_LONG_POLL_SECONDS = 120;

// ---- ticks ----------------------------------------------------------------------------------

function isZone(zone) {
  try {
    return typeof zone === 'string' && /^[A-Za-z][A-Za-z0-9_+\/-]*$/.test(zone) && Boolean(new Intl.DateTimeFormat('en', { timeZone: zone }));
  } catch (e) {
    return false;
  }
}
const formatters = new Map();

function formatterFor(zone) {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset'
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function tickJson(seq, zone) {
  const epochMillis = seq * PERIOD_MS;
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(epochMillis)).map(p => [p.type, p.value]));
  const gmtOffset = parts.timeZoneName.replace('GMT', '');
  const offset = gmtOffset === '' || gmtOffset === '+00:00' ? 'Z' : gmtOffset;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const iso = `${parts.year}-${parts.month}-${parts.day}T${time}${offset}`;
  return { json: `{"seq":${seq},"epochMillis":${epochMillis},"iso":"${iso}","time":"${time}","zone":${JSON.stringify(zone)}}`, time };
}

// The newest tick's renderings, per zone and form: rendered once, shared by every client.
let current = Math.floor(Date.now() / PERIOD_MS);
const rendered = new Map();
function frame(form, zone) {
  const key = form + ' ' + zone;
  let cached = rendered.get(key);
  if (!cached || cached.seq !== current) {
    const tick = tickJson(current, zone);
    const text = {
      json: tick.json,
      text: tick.time,
      sse: `id: ${current}\nevent: tick\ndata: ${tick.json}\n\n`,
      ndjson: tick.json + '\n',
      iframe: `<script>parent.iframeTick(${tick.json.replace(/</g, '\\u003c')})</script>\n`,
      ws: '{"type":"tick",' + tick.json.slice(1)
    }[form];
    cached = { seq: current, text };
    rendered.set(key, cached);
  }
  return cached.text;
}

// ---- the one clock --------------------------------------------------------------------------

const streams = new Set();      // { res, form, zone, pending, written }
const waiting = new Set();      // held long-polls: { after, zone, res, timer }
let lastActivity = Date.now();

function schedule() {
  setTimeout(tick, PERIOD_MS - (Date.now() % PERIOD_MS));
}

function tick() {
  const seq = Math.floor(Date.now() / PERIOD_MS);
  if (seq > current) {
    current = seq;
    lastActivity = Date.now();
    for (const client of streams) send(client, frame(client.form, client.zone));
    for (const socket of sockets.clients) sendSocket(socket, frame('ws', socket.zone));
    for (const poll of waiting) {
      if (current > poll.after) answer(poll);
    }
  } else if (Date.now() - lastActivity >= HEARTBEAT_MS) {
    lastActivity = Date.now();
    for (const client of streams) send(client, client.heartbeat);
    for (const socket of sockets.clients) sendSocket(socket, '{"type":"heartbeat"}');
  }
  schedule();
}

// Latest wins: a client whose buffer is full keeps only the newest frame for when it drains.
function send(client, text) {
  if (client.res.writableNeedDrain) {
    client.pending = text;
    return;
  }
  write(client, text);
}

function write(client, text) {
  client.res.write(text);
  client.written += Buffer.byteLength(text);
  if (client.form === 'iframe' && client.written >= IFRAME_MAX_BYTES) {
    client.res.end('<script>parent.iframeEnd("full")</script>\n</body></html>\n');
  }
}

function sendSocket(socket, text) {
  if (socket.bufferedAmount > 0) {
    socket.pending = text;
    return;
  }
  socket.send(text, () => {
    if (socket.pending) {
      const next = socket.pending;
      socket.pending = null;
      sendSocket(socket, next);
    }
  });
}

// ---- HTTP -----------------------------------------------------------------------------------

const app = express();
app.disable('x-powered-by');
app.set('etag', false);

function problem(res, parameter, requirement) {
  res.status(400).type('application/problem+json').set('Cache-Control', 'no-store')
    .send(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: `${parameter} ${requirement}`, parameter }));
}

function zoneOf(req, res) {
  const zone = req.query.zone;
  if (zone === undefined) return 'UTC';
  if (!isZone(zone)) {
    problem(res, 'zone', 'must be an IANA time-zone id such as Europe/Paris, or UTC (case-sensitive)');
    return null;
  }
  return zone;
}

function integer(value) {
  return typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : null;
}

app.get('/api/clock', (req, res) => {
  const zone = zoneOf(req, res);
  if (!zone) return;
  const form = req.accepts(['application/json', 'text/plain']) === 'text/plain' ? 'text' : 'json';
  const tag = `"${current};${zone};${form}"`;
  res.set({ 'Cache-Control': 'no-cache', ETag: tag, Vary: 'Accept' });
  if (req.get('If-None-Match') === tag) return res.status(304).end();
  res.type(form === 'json' ? 'application/json' : 'text/plain').send(frame(form, zone));
});

app.get('/api/clock/next', (req, res) => {
  const zone = zoneOf(req, res);
  if (!zone) return;
  const after = req.query.after === undefined ? current : integer(req.query.after);
  if (after === null) return problem(res, 'after', 'must be a non-negative integer');
  const timeout = req.query.timeout === undefined ? 30 : integer(req.query.timeout);
  if (timeout === null || timeout < 1 || timeout > MAX_LONG_POLL_SECONDS) {
    return problem(res, 'timeout', `must be an integer from 1 to ${MAX_LONG_POLL_SECONDS}`);
  }
  const poll = { after, zone, res };
  if (current > after) return answer(poll);
  poll.timer = setTimeout(() => {
    waiting.delete(poll);
    res.status(204).set('Cache-Control', 'no-cache').end();
  }, timeout * 1000);
  waiting.add(poll);
  res.on('close', () => { clearTimeout(poll.timer); waiting.delete(poll); });
});

function answer(poll) {
  clearTimeout(poll.timer);
  waiting.delete(poll);
  poll.res.set('Cache-Control', 'no-cache').type('application/json').send(frame('json', poll.zone));
}

function openStream(req, res, form, contentType, heartbeat) {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no'
  });
  const client = { res, form, zone: req.zone, heartbeat, pending: null, written: 0 };
  res.on('drain', () => {
    if (client.pending) {
      const next = client.pending;
      client.pending = null;
      write(client, next);
    }
  });
  res.on('close', () => streams.delete(client));
  streams.add(client);
  return client;
}

app.get('/api/clock/events', (req, res) => {
  req.zone = zoneOf(req, res);
  if (!req.zone) return;
  const raw = req.get('Last-Event-ID') ?? req.query.lastEventId;
  const lastEventId = raw === undefined ? null : integer(raw);
  if (raw !== undefined && (lastEventId === null || lastEventId > current + 1)) {
    return problem(res, req.get('Last-Event-ID') !== undefined ? 'Last-Event-ID' : 'lastEventId', 'must be a non-negative integer');
  }
  const client = openStream(req, res, 'sse', 'text/event-stream;charset=utf-8', ': heartbeat\n\n');
  let replay = `retry: ${1000 + Math.floor(Math.random() * 2000)}\n\n`;
  if (lastEventId === null) {
    replay += frame('sse', req.zone);
  } else {
    const oldest = current - HISTORY + 1;
    let from = lastEventId + 1;
    if (from < oldest) {
      replay += `event: gap\ndata: {"firstAvailable":${oldest}}\n\n`;
      from = oldest;
    }
    for (let seq = from; seq <= current; seq++) {
      replay += `id: ${seq}\nevent: tick\ndata: ${tickJson(seq, req.zone).json}\n\n`;
    }
  }
  write(client, replay);
});

app.get('/api/clock/stream', (req, res) => {
  req.zone = zoneOf(req, res);
  if (!req.zone) return;
  const client = openStream(req, res, 'ndjson', 'application/x-ndjson', '{"type":"heartbeat"}\n');
  write(client, frame('ndjson', req.zone));
});

app.get('/iframe/clock', (req, res) => {
  req.zone = zoneOf(req, res);
  if (!req.zone) return;
  const client = openStream(req, res, 'iframe', 'text/html;charset=utf-8', '<!-- heartbeat -->\n');
  write(client, '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>pushclock forever frame</title></head><body>\n<!--'
    + ' '.repeat(IFRAME_PADDING) + '-->\n' + frame('iframe', req.zone));
});

// ---- WebSocket ------------------------------------------------------------------------------

const server = http.createServer(app);
const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  const zone = url.searchParams.get('zone') ?? 'UTC';
  if (url.pathname !== '/ws/clock' || !isZone(zone)) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  sockets.handleUpgrade(req, socket, head, ws => {
    ws.zone = zone;
    ws.send(frame('ws', zone));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'only text messages are accepted');
      let command;
      try {
        command = JSON.parse(data.toString());
      } catch (e) {
        return ws.send('{"type":"error","message":"a command is a JSON object"}');
      }
      if (command && command.type === 'ping') return ws.send(`{"type":"pong","serverMillis":${Date.now()}}`);
      if (command && command.type === 'zone' && isZone(command.zone)) {
        ws.zone = command.zone;
        return ws.send(JSON.stringify({ type: 'zone', zone: command.zone }));
      }
      ws.send('{"type":"error","message":"unknown command"}');
    });
  });
});

server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.requestTimeout = 0;
server.listen(PORT, () => {
  console.log(`baseline listening on ${PORT}`);
  schedule();
});
