'use strict';
// The pushclock demo page. Each transport below drives its panel with that technique's own browser
// code; the "core" function of each is what its panel shows under "The browser code behind it".
// Plain browser JavaScript, no build step, nothing fetched from elsewhere.

const page = {
  zone: 'UTC',
  offsetMillis: 0,      // server clock minus this browser's, measured with WebSocket pings
  offsetKnown: false,
  periodMillis: 1000,   // learnt from the first tick
  panels: []
};

function url(path, params) {
  const query = new URLSearchParams(Object.assign({ zone: page.zone }, params || {}));
  return path + '?' + query;
}

function socketUrl(path, params) {
  return (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + url(path, params);
}

function serverNow() {
  return Date.now() + page.offsetMillis;
}

/** Reconnect delays that double up to a ceiling, each with random jitter, so clients do not return in a herd. */
class Backoff {
  constructor(firstMillis = 1000, maxMillis = 30000) {
    this.firstMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.attempt = 0;
  }
  next() {
    const ceiling = Math.min(this.maxMillis, this.firstMillis * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
  }
  reset() {
    this.attempt = 0;
  }
}

/** One panel: the DOM it owns and what it has seen. The transport calls tick(), heartbeat(), status(). */
class Panel {
  constructor(transport) {
    this.transport = transport;
    const node = document.getElementById('panel-template').content.firstElementChild.cloneNode(true);
    node.id = transport.id;
    node.dataset.transport = transport.id;
    node.setAttribute('aria-labelledby', transport.id + '-title');
    const title = node.querySelector('h2');
    title.id = transport.id + '-title';
    title.textContent = transport.title;
    node.querySelector('.when').textContent = transport.when;
    node.querySelector('.time').setAttribute('aria-label', 'Server time by ' + transport.title.toLowerCase());
    node.querySelector('.reconnect').setAttribute('aria-label', 'Reconnect ' + transport.title.toLowerCase());
    node.querySelector('code').textContent = transport.core.toString();
    node.querySelector('.reconnect').addEventListener('click', () => this.restart());
    document.getElementById('panels').appendChild(node);
    this.node = node;
    this.updates = 0;
    this.lastSeq = null;
    this.lags = [];                // {at, lag} over the last minute
    this.backoff = new Backoff();
    this.lastStatus = '';
  }

  start() {
    // The first tick after (re)connecting is the state of the clock, not a push: its age is no lag.
    this.fresh = true;
    this.connection = this.transport.start(this);
  }

  restart() {
    if (this.connection) this.connection.stop();
    this.backoff.reset();
    this.status('reconnecting now');
    this.start();
  }

  tick(tick) {
    if (this.lastSeq !== null && tick.seq <= this.lastSeq) return;
    if (tick.seq > 0) page.periodMillis = Math.round(tick.epochMillis / tick.seq);
    this.lastSeq = tick.seq;
    this.updates++;
    const lag = serverNow() - tick.epochMillis;
    if (!this.fresh) this.lags.push({ at: Date.now(), lag });
    this.fresh = false;
    this.node.querySelector('.time').textContent = tick.time;
    this.node.dataset.lastSeq = tick.seq;
    if (this.node.dataset.firstSeq === undefined) this.node.dataset.firstSeq = tick.seq;
    this.node.querySelector('.updates').textContent = this.updates;
    this.node.dataset.updates = this.updates;
    this.node.querySelector('.lag').textContent = Math.round(lag) + ' ms';
    this.backoff.reset();
    this.status('live');
  }

  /** Announced politely, and only when it changes: never once a second. */
  status(text) {
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.node.querySelector('.status').textContent = text;
    this.node.dataset.status = text.split(' ')[0];
  }

  /** Waits a backoff delay, saying so, then calls again. */
  retry(reason, again) {
    const delay = this.backoff.next();
    this.status(reason + '; reconnecting in ' + (delay / 1000).toFixed(1) + ' s');
    return setTimeout(again, delay);
  }

  recentLags() {
    const since = Date.now() - 60000;
    this.lags = this.lags.filter(sample => sample.at >= since);
    return this.lags;
  }
}

// ---- interval polling -------------------------------------------------------------------------

const polling = {
  id: 'poll',
  title: 'Interval polling',
  when: 'When updates are rare or seconds of delay do not matter: it works through any proxy, but every ' +
    'request carries full headers, and the news waits for the next poll.',
  async core(etag) {
    const response = await fetch(url('/api/clock'), {
      cache: 'no-store',
      headers: etag ? { 'If-None-Match': etag } : {}
    });
    if (response.status === 304) return { etag };            // unchanged: no body at all
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return { etag: response.headers.get('ETag'), tick: await response.json() };
  },
  start(panel) {
    let etag = null;
    let timer = null;
    let stopped = false;
    const poll = async () => {
      try {
        const answer = await polling.core(etag);
        if (stopped) return;
        etag = answer.etag;
        if (answer.tick) panel.tick(answer.tick);
        timer = setTimeout(poll, page.periodMillis);
      } catch (e) {
        if (!stopped) timer = panel.retry('request failed', poll);
      }
    };
    panel.status('connecting');
    poll();
    return { stop() { stopped = true; clearTimeout(timer); } };
  }
};

// ---- long-polling -----------------------------------------------------------------------------

const longPolling = {
  id: 'long-poll',
  title: 'Long-polling',
  when: 'When WebSockets and streams are blocked but updates must arrive at once: each request is held ' +
    'until the next tick, at the price of one full request per update.',
  async core(after, signal) {
    const response = await fetch(url('/api/clock/next', after === null ? {} : { after }), { cache: 'no-store', signal });
    if (response.status === 204) return null;                 // no tick within the timeout: ask again
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();                                   // the next tick after `after`
  },
  start(panel) {
    const abort = new AbortController();
    let timer = null;
    const ask = async () => {
      try {
        const tick = await longPolling.core(panel.lastSeq, abort.signal);
        if (tick) panel.tick(tick);
        ask();
      } catch (e) {
        if (!abort.signal.aborted) timer = panel.retry('request failed', ask);   // resumes from lastSeq
      }
    };
    panel.status('connecting');
    ask();
    return { stop() { abort.abort(); clearTimeout(timer); } };
  }
};

// ---- forever frame ----------------------------------------------------------------------------

const foreverFrame = {
  id: 'iframe',
  title: 'Forever frame',
  when: 'Only for very old browsers: a hidden iframe whose document never ends, one script per tick ' +
    'calling into this page. It shows where Comet began, not where to go now.',
  core(src) {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.title = 'forever frame';
    frame.src = src;                       // each <script> in it calls parent.iframeTick(tick)
    document.body.appendChild(frame);
    return frame;
  },
  start(panel) {
    let frame = null;
    let timer = null;
    let stopped = false;
    let watchdog = null;
    const quiet = () => Math.max(3 * page.periodMillis, 60000);
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => drop('no news for a minute'), quiet());
    };
    const open = () => {
      const next = foreverFrame.core(url('/iframe/clock'));
      // A frame that finishes loading was ended without iframeEnd(): the connection broke.
      next.addEventListener('load', () => {
        if (next === frame) drop('stream broke');
      });
      // The old frame goes only once the new one is in, so the clock never blanks.
      if (frame) frame.remove();
      frame = next;
      watch();
    };
    const drop = (reason) => {
      if (stopped) return;
      if (frame) frame.remove();
      frame = null;
      timer = panel.retry(reason, open);
    };
    window.iframeTick = tick => { watch(); panel.tick(tick); };
    // The server ends each document after ~128 KiB ("full": open the next at once), or when it goes
    // away ("shutdown": come back after a backoff delay, like every other panel).
    window.iframeEnd = reason => setTimeout(() => (reason === 'shutdown' ? drop('server going away') : open()), 0);
    panel.status('connecting');
    open();
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
        clearTimeout(watchdog);
        if (frame) frame.remove();
        frame = null;
      }
    };
  }
};

// ---- WebSocket --------------------------------------------------------------------------------

const webSocket = {
  id: 'websocket',
  title: 'WebSocket',
  when: 'When the browser also talks back, or for the lowest cost per update: one socket, a small ' +
    'frame per tick, commands up the same connection.',
  core(onTick, onPong) {
    const socket = new WebSocket(socketUrl('/ws/clock'));
    socket.onmessage = event => {
      const message = JSON.parse(event.data);
      if (message.type === 'tick') onTick(message);
      if (message.type === 'pong') onPong(message);
    };
    return socket;                         // socket.send('{"type":"ping"}') to ask the server's time
  },
  start(panel) {
    let socket = null;
    let timer = null;
    let pinger = null;
    let pingSentAt = 0;
    let stopped = false;
    const ping = () => {
      if (socket && socket.readyState === WebSocket.OPEN) {
        pingSentAt = Date.now();
        socket.send('{"type":"ping"}');
      }
    };
    const pong = message => {
      const now = Date.now();
      page.offsetMillis = message.serverMillis - (pingSentAt + now) / 2;
      page.offsetKnown = true;
      document.getElementById('skew').textContent = 'Clock offset to the server: ' +
        Math.round(page.offsetMillis) + ' ms (round trip ' + (now - pingSentAt) + ' ms); lag figures correct for it.';
    };
    const open = () => {
      socket = webSocket.core(tick => panel.tick(tick), pong);
      socket.onopen = () => { panel.status('open'); ping(); };
      socket.onclose = event => {
        if (!stopped) timer = panel.retry('closed (' + event.code + ')', open);
      };
    };
    webSocket.changeZone = zone => {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'zone', zone }));
    };
    panel.status('connecting');
    open();
    pinger = setInterval(ping, 5000);
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
        clearInterval(pinger);
        if (socket) socket.close(1000, 'reconnect');
      }
    };
  }
};

// ---- Server-Sent Events -----------------------------------------------------------------------

const serverSentEvents = {
  id: 'sse',
  title: 'Server-Sent Events',
  when: 'For one-way pushes to the browser over plain HTTP: EventSource reconnects by itself and resumes ' +
    'from the last event id, so no tick is lost across a dropped connection.',
  core(lastEventId, onTick) {
    const source = new EventSource(url('/api/clock/events', lastEventId === null ? {} : { lastEventId }));
    source.addEventListener('tick', event => onTick(JSON.parse(event.data)));   // event.lastEventId is its seq
    source.addEventListener('gap', event => console.info('missed ticks before', JSON.parse(event.data)));
    return source;
  },
  start(panel) {
    let source = null;
    let timer = null;
    let stopped = false;
    const open = () => {
      source = serverSentEvents.core(panel.lastSeq, tick => panel.tick(tick));
      source.onopen = () => panel.status('open');
      // EventSource retries alone, but gives up for good on an HTTP error: do it ourselves, with backoff.
      source.onerror = () => {
        source.close();
        if (!stopped) timer = panel.retry('stream broke', open);
      };
    };
    panel.status('connecting');
    open();
    return { stop() { stopped = true; clearTimeout(timer); if (source) source.close(); } };
  }
};

// ---- NDJSON over fetch ------------------------------------------------------------------------

const ndjson = {
  id: 'ndjson',
  title: 'NDJSON stream',
  when: 'When the client is code rather than a page (curl -N, a service): one chunked response, one JSON ' +
    'line per tick, read with a stream reader.',
  async core(onTick, signal) {
    const response = await fetch(url('/api/clock/stream'), { cache: 'no-store', signal });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;                    // the server ended the stream
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (line.seq !== undefined) onTick(line);               // skips {"type":"heartbeat"}
      }
    }
  },
  start(panel) {
    const abort = new AbortController();
    let timer = null;
    const read = async () => {
      try {
        panel.status('open');
        await ndjson.core(tick => panel.tick(tick), abort.signal);
        if (!abort.signal.aborted) timer = panel.retry('stream ended', read);
      } catch (e) {
        if (!abort.signal.aborted) timer = panel.retry('stream broke', read);
      }
    };
    panel.status('connecting');
    read();
    return { stop() { abort.abort(); clearTimeout(timer); } };
  }
};

// ---- what it all costs ------------------------------------------------------------------------

const COLORS = {
  poll: '#c2410c', 'long-poll': '#a16207', iframe: '#7c3aed', websocket: '#0b5cad', sse: '#15803d', ndjson: '#be185d'
};

const median = values => {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

let previousStats = null;
const bytesPerUpdate = {};
const openOnServer = {};

async function refreshStats() {
  try {
    const response = await fetch('/api/stats', { cache: 'no-store' });
    const stats = await response.json();
    for (const [id, now] of Object.entries(stats)) {
      const before = previousStats && previousStats[id];
      const messages = before ? now.messages - before.messages : now.messages;
      const bytes = before ? now.bytes - before.bytes : now.bytes;
      if (messages > 0) bytesPerUpdate[id] = bytes / messages;
      openOnServer[id] = now.connections;
    }
    previousStats = stats;
  } catch (e) {
    // the server is away; the panels say so
  }
}

function renderRanking() {
  const rows = page.panels.map(panel => {
    const id = panel.transport.id;
    const bytes = bytesPerUpdate[id];
    panel.node.querySelector('.bytes').textContent = bytes === undefined ? '–' : Math.round(bytes) + ' B';
    return { panel, bytes, lag: median(panel.recentLags().map(sample => sample.lag)) };
  });
  rows.sort((a, b) => (a.bytes ?? Infinity) - (b.bytes ?? Infinity));
  const body = document.querySelector('#ranking tbody');
  body.replaceChildren(...rows.map((row, index) => {
    const tr = document.createElement('tr');
    tr.dataset.transport = row.panel.transport.id;
    const cells = [index + 1, row.panel.transport.title,
      row.bytes === undefined ? '–' : Math.round(row.bytes) + ' B',
      row.lag === null ? '–' : Math.round(row.lag) + ' ms',
      row.panel.updates, openOnServer[row.panel.transport.id] ?? '–'];
    cells.forEach((text, column) => {
      const cell = document.createElement(column === 1 ? 'th' : 'td');
      if (column === 1) cell.scope = 'row';
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  }));
}

function renderChart() {
  const svg = document.getElementById('lag-chart');
  const ns = 'http://www.w3.org/2000/svg';
  const now = Date.now();
  const all = page.panels.flatMap(panel => panel.recentLags().map(sample => sample.lag));
  const sorted = all.slice().sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.floor(sorted.length * 0.95)] : 0;
  const top = Math.max(100, Math.ceil(p95 / 100) * 100);
  const lines = page.panels.map(panel => {
    const points = panel.recentLags().map(sample => {
      const x = 600 - (now - sample.at) / 60000 * 600;
      const y = 190 - Math.min(Math.max(sample.lag, 0), top) / top * 180;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[panel.transport.id]);
    line.setAttribute('stroke-width', '2');
    line.dataset.transport = panel.transport.id;
    return line;
  });
  const label = (text, y) => {
    const node = document.createElementNS(ns, 'text');
    node.setAttribute('x', '4');
    node.setAttribute('y', String(y));
    node.setAttribute('class', 'axis');
    node.textContent = text;
    return node;
  };
  const desc = svg.querySelector('desc');
  svg.replaceChildren(desc, label(top + ' ms', 14), label('0 ms', 188), ...lines);
}

function buildLegend() {
  const legend = document.getElementById('legend');
  for (const panel of page.panels) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLORS[panel.transport.id];
    item.append(swatch, panel.transport.title);
    legend.appendChild(item);
  }
}

// ---- start ------------------------------------------------------------------------------------

function start() {
  const transports = [polling, longPolling, foreverFrame, webSocket, serverSentEvents, ndjson];
  page.panels = transports.map(transport => new Panel(transport));
  buildLegend();
  for (const panel of page.panels) {
    // A forever frame present while the page loads would keep the browser "loading" for ever.
    if (panel.transport !== foreverFrame) panel.start();
  }
  window.addEventListener('load', () => page.panels.find(panel => panel.transport === foreverFrame).start());

  document.getElementById('zone').addEventListener('change', event => {
    page.zone = event.target.value;
    for (const panel of page.panels) {
      panel.lastSeq = null;
      if (panel.transport === webSocket) webSocket.changeZone(page.zone);   // a command up the same socket
      else if (panel.transport !== polling) panel.restart();
    }
  });
  document.getElementById('controls').addEventListener('submit', event => event.preventDefault());

  refreshStats();
  setInterval(refreshStats, 3000);
  setInterval(() => { renderRanking(); renderChart(); }, 1000);
}

start();
