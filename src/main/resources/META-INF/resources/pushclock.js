// @ts-self-types="./pushclock.d.ts"
/**
 * pushclock.js: the browser client of a pushclock service, one dependency-free ES module, no build step.
 *
 * Five lines:
 *
 *   import { PushClock } from '/pushclock.js';
 *   const clock = new PushClock({ zone: 'Europe/Paris', shareAcrossTabs: true });
 *   clock.addEventListener('tick', event => { document.querySelector('#time').textContent = event.detail.time; });
 *   clock.addEventListener('switch', event => console.info(event.detail.from, '→', event.detail.to, event.detail.reason));
 *   clock.start();
 *
 * It opens the best transport the browser and the network allow (WebSocket, Server-Sent Events, an
 * NDJSON stream, long-polling, a forever frame, polling), and moves down that list when one fails
 * to deliver while the server answers plain requests (a proxy that refuses WebSocket upgrades, or
 * buffers a stream). Every reconnect and every switch carries the last seq it delivered, so the next
 * connection replays what was missed; a tick is never delivered twice or out of order, and what
 * cannot be had again is reported as a `gap`. Reconnects back off with jitter; a hidden page lets go
 * of its connection after a short grace and resumes from its cursor when shown. With
 * `shareAcrossTabs`, one tab holds the connection and passes its ticks to the others.
 *
 * Everything the engine needs from the browser comes through `options.env`, so that its logic runs
 * in Node with fake transports and timers (src/test/js).
 */

/** Best first: the order in which transports are tried. */
export const TRANSPORT_ORDER = Object.freeze(['websocket', 'sse', 'ndjson', 'long-poll', 'iframe', 'poll']);

/** Transports that answer with the current tick (state), not with every tick since a cursor. */
export const STATE_TRANSPORTS = Object.freeze(['long-poll', 'poll']);

/** Transports that hold one of the browser's few HTTP/1.1 connections to the server while they run. */
export const HOLDS_A_CONNECTION = Object.freeze(['sse', 'ndjson', 'long-poll', 'iframe']);

/** Every status a clock reports, in its `status` event and property. */
export const STATUSES = Object.freeze(['connecting', 'live', 'waiting', 'reconnecting', 'paused', 'stopped']);

/** No tick this soon after opening (or twice the period, if longer) means the transport does not deliver here. */
const FIRST_TICK_MILLIS = 3000;
/** How long the server may take to answer the plain request that tells a broken transport from a server that is away. */
const PROBE_MILLIS = 3000;
/** A connection the gate has not granted by then is reported as waiting. */
const GATE_NOTICE_MILLIS = 300;

const WAITING_REASON = 'waiting for a free browser connection';

/** Reconnect delays that double up to a ceiling, each with random jitter, so that clients do not return in a herd. */
export class Backoff {
  constructor(firstMillis = 1000, maxMillis = 30000, random = Math.random) {
    this.firstMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.random = random;
    this.attempt = 0;
  }

  next() {
    const ceiling = Math.min(this.maxMillis, this.firstMillis * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + this.random() * ceiling / 2);
  }

  reset() {
    this.attempt = 0;
  }
}

/** The last seq delivered: what a reconnect resumes after, and what makes a tick old or a gap. */
export class Cursor {
  constructor(lastSeq = null) {
    this.lastSeq = lastSeq;
  }

  /** -1 when the tick was delivered already (or is older); else how many ticks are missing just before it. */
  admit(seq) {
    if (this.lastSeq !== null && seq <= this.lastSeq) return -1;
    const missed = this.lastSeq === null ? 0 : seq - this.lastSeq - 1;
    this.lastSeq = seq;
    return missed;
  }

  /** The server says the ticks before `firstAvailable` are gone: how many of those were still owed, now given up. */
  skipTo(firstAvailable) {
    if (this.lastSeq === null || firstAvailable <= this.lastSeq + 1) return 0;
    const missed = firstAvailable - this.lastSeq - 1;
    this.lastSeq = firstAvailable - 1;
    return missed;
  }
}

// ---- the forever frame's callbacks ------------------------------------------------------------

const frameHandlers = new Map();
const DISPATCHER = Symbol('pushclock frame dispatcher');

/**
 * Which of our frames is calling: the one whose document is running a script right now (a frame's
 * `<script>parent.iframeTick(…)</script>` runs while the parent's function does), or, for an object
 * argument, the frame whose realm made it.
 */
function callingFrame(argument) {
  if (frameHandlers.size === 1) return frameHandlers.values().next().value;
  for (const [frame, handlers] of frameHandlers) {
    try {
      if (frame.contentDocument && frame.contentDocument.currentScript) return handlers;
      if (argument !== null && typeof argument === 'object' && frame.contentWindow
          && Object.getPrototypeOf(argument) === frame.contentWindow.Object.prototype) return handlers;
    } catch (notOurs) {
      // a frame of another origin: it cannot be calling us
    }
  }
  return null;
}

/**
 * Routes the server's fixed `parent.iframeTick(tick)`, `parent.iframeGap({firstAvailable})` and
 * `parent.iframeEnd(reason)` calls to the handlers of the frame that made them, so that any number of
 * forever frames (of several clients, or the demo page's own) share one page. Returns the function
 * that stops listening.
 */
export function listenToFrame(frame, handlers, host = globalThis) {
  if (!host.iframeTick || !host.iframeTick[DISPATCHER]) {
    const route = name => Object.assign(argument => {
      const target = callingFrame(argument);
      if (target && target[name]) target[name](argument);
    }, { [DISPATCHER]: true });
    host.iframeTick = route('tick');
    host.iframeGap = route('gap');
    host.iframeEnd = route('end');
  }
  frameHandlers.set(frame, handlers);
  return () => frameHandlers.delete(frame);
}

// ---- the transports: each technique's own browser code ----------------------------------------
// Each opens one connection and reports through `link`: opened(), tick(tick), gap(firstAvailable),
// alive() for a heartbeat, message(frame) for other frames, reconnecting(reason) while it retries by
// itself, and ended({reason, …}) once, when it is over. It returns { close() } (and send(text)).

/** What an HTTP error answer means for the client: how long the server asks it to wait, or that it refused the cursor. */
async function refusal(response) {
  const how = { reason: 'HTTP ' + response.status };
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (response.status === 503 && retryAfter > 0) how.retryAfterMillis = retryAfter * 1000;
  if (response.status === 400) {
    const problem = await response.json().catch(() => ({}));
    how.reason += ': ' + (problem.detail || 'bad request');
    how.cursorRefused = problem.parameter === 'after' || problem.parameter === 'lastEventId';
  }
  return how;
}

function webSocket(link) {
  const socket = new WebSocket(link.socketUrl('/ws/clock', { after: link.cursor() }));
  let opened = false;
  socket.onopen = () => { opened = true; link.opened(); };
  socket.onmessage = event => {
    const frame = JSON.parse(event.data);
    if (frame.type === 'tick') link.tick(frame);
    else if (frame.type === 'gap') link.gap(frame.firstAvailable);
    else if (frame.type === 'heartbeat') link.alive();
    else link.message(frame);                                  // pong, zone, error
  };
  socket.onclose = event => link.ended(
    event.code === 1001 ? { reason: 'the server is going away (1001)', goingAway: true }
      : event.code === 1013 ? { reason: 'the server is full (1013)', retryLater: true }
        : event.code === 1008 ? { reason: 'read too slowly (1008)' }
          : { reason: opened ? 'the socket closed (' + event.code + ')' : 'no WebSocket could be opened' });
  return { close: () => { socket.onclose = null; socket.close(1000); }, send: text => socket.send(text) };
}

function serverSentEvents(link) {
  const source = new EventSource(link.url('/api/clock/events', { lastEventId: link.cursor() }));
  source.onopen = () => link.opened();
  source.addEventListener('tick', event => link.tick(JSON.parse(event.data)));   // event.lastEventId is its seq
  source.addEventListener('gap', event => link.gap(JSON.parse(event.data).firstAvailable));
  // A dropped stream: EventSource reconnects by itself after the server's retry: delay and sends
  // Last-Event-ID, so the server replays what was missed. Only an HTTP error closes it for good.
  source.onerror = () => (source.readyState === EventSource.CLOSED
    ? link.ended({ reason: 'the event stream was refused (an HTTP error)' })
    : link.reconnecting('the event stream broke; EventSource resumes by itself'));
  return { close: () => source.close() };
}

function ndjson(link) {
  const abort = new AbortController();
  const read = async () => {
    const response = await fetch(link.url('/api/clock/stream', { after: link.cursor() }),
      { cache: 'no-store', signal: abort.signal });
    if (!response.ok) return link.ended(await refusal(response));
    link.opened();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return link.ended({ reason: 'the stream ended' });
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (line.seq !== undefined) link.tick(line);
        else if (line.type === 'gap') link.gap(line.firstAvailable);
        else link.alive();                                     // {"type":"heartbeat"}
      }
    }
  };
  read().catch(error => abort.signal.aborted || link.ended({ reason: 'the stream broke (' + error.message + ')' }));
  return { close: () => abort.abort() };
}

function longPolling(link) {
  const abort = new AbortController();
  const ask = async () => {
    for (;;) {
      const response = await fetch(link.url('/api/clock/next', { after: link.cursor() }),
        { cache: 'no-store', signal: abort.signal });
      if (response.status === 204) continue;                   // no tick within the server's timeout: ask again
      if (!response.ok) return link.ended(await refusal(response));
      link.opened();
      link.tick(await response.json());                        // the current tick, newer than `after`
    }
  };
  ask().catch(error => abort.signal.aborted || link.ended({ reason: 'the request failed (' + error.message + ')' }));
  return { close: () => abort.abort() };
}

function foreverFrame(link) {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'pushclock forever frame';
  // The server's document calls parent.iframeTick(tick) once a tick, and parent.iframeEnd(reason) last.
  const stopListening = listenToFrame(frame, {
    tick: tick => link.tick(tick),
    gap: gap => link.gap(gap.firstAvailable),
    end: reason => link.ended(reason === 'full' ? { reason: 'the frame is full', full: true }
      : { reason: 'the server is going away', goingAway: true })
  });
  // A document that finishes loading without iframeEnd() was cut off, or was an error answer.
  frame.addEventListener('load', () => link.ended(frameRefusal(frame)));
  let closed = false;
  // A frame added while the page still loads would keep the page "loading" for ever.
  whenPageLoaded(() => {
    if (closed) return;
    frame.src = link.url('/iframe/clock', { after: link.cursor() });
    document.body.appendChild(frame);
  });
  return { close: () => { closed = true; stopListening(); frame.remove(); } };
}

function polling(link) {
  let etag = null;
  let timer = null;
  let stopped = false;
  const poll = async () => {
    const startedAt = Date.now();
    try {
      const response = await fetch(link.url('/api/clock'), { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
      if (stopped) return;
      if (response.status !== 304) {                           // 304: unchanged, and no body at all
        if (!response.ok) return link.ended(await refusal(response));
        etag = response.headers.get('ETag');
        link.opened();
        link.tick(await response.json());
      }
      timer = setTimeout(poll, startedAt + link.periodMillis() - Date.now());   // once a period, however long each took
    } catch (error) {
      if (!stopped) link.ended({ reason: 'the request failed (' + error.message + ')' });
    }
  };
  poll();
  return { close: () => { stopped = true; clearTimeout(timer); } };
}

/** The transports by id, as each technique's own browser code. */
export const transports = Object.freeze({
  websocket: webSocket, sse: serverSentEvents, ndjson, 'long-poll': longPolling, iframe: foreverFrame, poll: polling
});

function frameRefusal(frame) {
  try {
    const document = frame.contentDocument;
    if (document && /json/.test(document.contentType)) {
      const problem = JSON.parse(document.body.textContent);
      return { reason: 'HTTP ' + problem.status + ': ' + problem.detail, cursorRefused: problem.parameter === 'after' };
    }
  } catch (unreadable) {
    // not a problem document we can read: the connection broke
  }
  return { reason: 'the frame ended early' };
}

function whenPageLoaded(then) {
  if (document.readyState === 'complete') then();
  else window.addEventListener('load', then, { once: true });
}

/** 'up' when the server answers a plain request, 'down' when it refuses or cannot be reached, 'no-answer' when nothing came in time. */
async function probe(url) {
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(PROBE_MILLIS) });
    return response.ok ? 'up' : 'down';
  } catch (error) {
    return error.name === 'TimeoutError' ? 'no-answer' : 'down';
  }
}

/** What the engine takes from a browser; options.env replaces any of it (tests do). */
function browserEnv() {
  const g = globalThis;
  const streams = typeof g.fetch === 'function' && typeof g.ReadableStream === 'function' && typeof g.TextDecoderStream === 'function';
  const available = {
    websocket: typeof g.WebSocket === 'function',
    sse: typeof g.EventSource === 'function',
    ndjson: streams,
    'long-poll': typeof g.fetch === 'function',
    iframe: typeof g.document === 'object' && typeof g.fetch === 'function',
    poll: typeof g.fetch === 'function'
  };
  return {
    setTimeout: (then, millis) => g.setTimeout(then, millis),
    clearTimeout: id => g.clearTimeout(id),
    random: Math.random,
    document: g.document,
    locks: g.navigator && g.navigator.locks,
    BroadcastChannel: g.BroadcastChannel,
    protocol: serviceUrl => {
      // the first request to the service whose protocol the browser recorded (one from the cache has none)
      const origin = new URL(serviceUrl).origin;
      const timing = g.performance && g.performance.getEntriesByType ? g.performance : null;
      const entries = timing ? [...timing.getEntriesByType('navigation'), ...timing.getEntriesByType('resource')] : [];
      const known = entries.find(entry => entry.nextHopProtocol && new URL(entry.name).origin === origin);
      return known ? known.nextHopProtocol : '';
    },
    probe,
    adapters: Object.fromEntries(Object.entries(transports).filter(([id]) => available[id]))
  };
}

/** The service this module was loaded from. */
function defaultUrl() {
  return new URL('./', import.meta.url).href;
}

/** HTTP/2 and HTTP/3 carry every request over one connection; HTTP/1.1 browsers allow six per server. */
function multiplexed(protocol) {
  return /^h[23]/.test(protocol || '');
}

/**
 * One clock: the best transport, a cursor across every reconnect and switch, and events for what
 * happens. Events: `tick` (detail: the tick; the event's `transport` and `fresh`, true for the first
 * tick of a connection, which is the clock's state rather than a push), `gap` (detail: from, to,
 * missed, reason: 'server' (gone from the server's window), 'state' (a state transport skipped them)
 * or 'lost'), `switch` (detail: from, to, reason), `status` (detail: status, transport, reason,
 * retryInMillis, role) and `message` (any other WebSocket frame: pong, zone, error).
 */
export class PushClock extends EventTarget {
  #env;
  #base;
  #zone;
  #order;
  #share;
  #pauseWhenHidden;
  #graceMillis;
  #gate;
  #cursor;
  #backoff;
  #index = 0;
  #failures = 0;
  #proven = new Set();
  #resumeWithCursor = true;
  #serverAway = false;
  #periodMillis = 1000;
  #attempt = null;
  #generation = 0;
  #retryTimer = null;
  #hideTimer = null;
  #running = false;
  #paused = false;
  #everLive = false;
  #status = 'stopped';
  #reason = '';
  #transport = null;
  #role = 'single';
  #channel = null;
  #leadership = null;
  #followerWatch = null;

  /**
   * @param options url (the service, default: where this module was loaded from), zone, transports
   *   (ids allowed, best first), after (a seq to resume after), shareAcrossTabs, pauseWhenHidden
   *   (default true), hiddenGraceMillis (default 5000), gate (async (transportId, signal) => release:
   *   hands out the page's HTTP/1.1 connections), env (what the engine takes from the browser).
   */
  constructor(options = {}) {
    super();
    this.#env = { ...browserEnv(), ...(options.env || {}) };
    this.#base = new URL(options.url || defaultUrl(), globalThis.location ? globalThis.location.href : undefined).href;
    this.#zone = options.zone || null;
    this.#order = (options.transports || TRANSPORT_ORDER).filter(id => this.#env.adapters[id]);
    this.#share = Boolean(options.shareAcrossTabs) && Boolean(this.#env.locks) && Boolean(this.#env.BroadcastChannel);
    this.#pauseWhenHidden = options.pauseWhenHidden !== false && Boolean(this.#env.document);
    this.#graceMillis = options.hiddenGraceMillis ?? 5000;
    this.#gate = options.gate || null;
    this.#cursor = new Cursor(options.after ?? null);
    this.#backoff = new Backoff(1000, 30000, this.#env.random);
  }

  get status() { return this.#status; }
  get transport() { return this.#transport; }
  get role() { return this.#role; }
  get lastSeq() { return this.#cursor.lastSeq; }
  get zone() { return this.#zone; }
  /** Whether this clock shares one connection with the other tabs (asked for, and the browser has Web Locks and BroadcastChannel). */
  get sharing() { return this.#share; }

  start() {
    if (this.#running) return this;
    this.#running = true;
    if (this.#order.length === 0) {
      this.#setStatus('stopped', 'no transport this browser can use');
      return this;
    }
    if (this.#pauseWhenHidden) this.#env.document.addEventListener('visibilitychange', this.#onVisibility);
    if (this.#share) this.#openChannel();
    if (this.#pauseWhenHidden && this.#env.document.visibilityState === 'hidden') this.#pause();
    else this.#join();
    return this;
  }

  stop() {
    if (!this.#running) return;
    this.#running = false;
    this.#leave();
    this.#env.clearTimeout(this.#hideTimer);
    this.#hideTimer = null;
    if (this.#pauseWhenHidden) this.#env.document.removeEventListener('visibilitychange', this.#onVisibility);
    if (this.#channel) this.#channel.close();
    this.#channel = null;
    this.#setStatus('stopped', 'stopped');
  }

  /** Drops the connection and opens one again now, from the best transport, keeping the cursor. */
  reconnect() {
    if (!this.#running || this.#paused) return;
    this.#index = 0;
    this.#failures = 0;
    this.#backoff.reset();
    this.#resumeWithCursor = true;
    if (this.#role === 'follower') return;
    this.#closeAttempt();
    this.#connect('reconnecting now');
  }

  /** Ticks in another zone from now on: a command up an open WebSocket, else a reconnect from the cursor. */
  setZone(zone) {
    if (zone === this.#zone) return;
    this.#zone = zone || null;
    if (!this.#running) return;
    if (!this.#share && this.send({ type: 'zone', zone })) return;
    if (this.#paused) return;
    this.#leave();
    if (this.#share) {
      this.#channel.close();
      this.#openChannel();
    }
    this.#join();
  }

  /** Sends a command up the WebSocket, when that is the open transport: true if it was sent. */
  send(command) {
    const attempt = this.#attempt;
    if (!attempt || !attempt.live || !attempt.opened || !attempt.handle || !attempt.handle.send) return false;
    attempt.handle.send(JSON.stringify(command));
    return true;
  }

  // ---- joining, leaving, leading ----

  #join() {
    if (this.#share) this.#seekLeadership();
    else this.#connect();
  }

  /** Lets go of every connection this tab holds (and of the lead), keeping the cursor and the channel. */
  #leave() {
    this.#generation++;
    this.#closeAttempt();
    this.#env.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#env.clearTimeout(this.#followerWatch);
    this.#followerWatch = null;
    if (this.#leadership) {
      const { abort, release } = this.#leadership;
      this.#leadership = null;
      if (release) {
        this.#post({ type: 'leaving' });
        release();
      } else {
        abort.abort();
      }
    }
    if (this.#share) this.#role = 'follower';
  }

  #openChannel() {
    this.#channel = new this.#env.BroadcastChannel('pushclock ' + this.#base + ' ' + (this.#zone || ''));
    this.#channel.onmessage = event => this.#heard(event.data);
    this.#role = 'follower';
    this.#post({ type: 'hello' });
  }

  #post(message) {
    if (this.#channel && this.#role === 'leader') this.#channel.postMessage(message);
    else if (this.#channel && message.type === 'hello') this.#channel.postMessage(message);
  }

  #seekLeadership() {
    if (this.#leadership) return;
    const abort = new AbortController();
    const leadership = { abort, release: null };
    this.#leadership = leadership;
    if (this.#status !== 'live') this.#setStatus(this.#everLive ? 'reconnecting' : 'connecting', 'listening to the leading tab');
    this.#watchLeader();
    const name = 'pushclock ' + this.#base + ' ' + (this.#zone || '');
    this.#env.locks.request(name, { signal: abort.signal }, () => new Promise(release => {
      if (this.#leadership !== leadership) return release();
      leadership.release = release;
      this.#role = 'leader';
      this.#env.clearTimeout(this.#followerWatch);
      this.#connect('this tab leads');
    })).catch(() => {
      // we stopped waiting for the lead
    });
  }

  /** What the leading tab (or a tab joining) says on the channel. */
  #heard(message) {
    if (this.#role === 'leader') {
      if (message.type === 'hello') this.#post(this.#statusMessage());
      return;
    }
    if (message.type === 'tick') {
      this.#watchLeader();
      this.#deliver(message.tick, { transport: message.transport, fresh: message.fresh, state: STATE_TRANSPORTS.includes(message.transport) });
      this.#transport = message.transport;
      this.#setStatus('live', 'ticks from the leading tab');
    } else if (message.type === 'gap') {
      this.#skipTo(message.firstAvailable);
    } else if (message.type === 'switch') {
      this.#emit('switch', { from: message.from, to: message.to, reason: message.reason });
    } else if (message.type === 'status' && !this.#paused) {
      this.#transport = message.transport;
      this.#setStatus(message.status, message.reason, message.retryInMillis);
    } else if (message.type === 'leaving' && !this.#paused) {
      this.#setStatus('reconnecting', 'the leading tab let go; another takes over');
    }
  }

  /** A follower whose leader has gone quiet says so (the lead moves by itself when a leading tab closes). */
  #watchLeader() {
    this.#env.clearTimeout(this.#followerWatch);
    this.#followerWatch = this.#env.setTimeout(() => {
      if (this.#role === 'follower' && !this.#paused) this.#setStatus('reconnecting', 'no tick from the leading tab');
    }, this.#stallMillis());
  }

  #statusMessage() {
    return { type: 'status', status: this.#status, transport: this.#transport, reason: this.#reason };
  }

  // ---- visibility ----

  #onVisibility = () => {
    if (!this.#running) return;
    if (this.#env.document.visibilityState === 'hidden') {
      if (this.#hideTimer === null && !this.#paused) {
        this.#hideTimer = this.#env.setTimeout(() => {
          this.#hideTimer = null;
          this.#pause();
        }, this.#graceMillis);
      }
    } else {
      this.#env.clearTimeout(this.#hideTimer);
      this.#hideTimer = null;
      if (this.#paused) {
        this.#paused = false;
        this.#join();
      }
    }
  };

  #pause() {
    this.#leave();
    this.#paused = true;
    this.#setStatus('paused', 'the page is hidden');
  }

  // ---- one connection at a time ----

  async #connect(reason) {
    if (!this.#running || this.#paused || (this.#share && this.#role !== 'leader')) return;
    const id = this.#order[this.#index];
    const attempt = {
      id, live: true, opened: false, delivered: 0, handle: null, release: null, abort: null,
      timers: new Set(), stall: null, useCursor: this.#resumeWithCursor
    };
    this.#attempt = attempt;
    this.#transport = id;
    this.#setStatus(this.#everLive ? 'reconnecting' : 'connecting', reason || 'opening ' + id);
    if (this.#gate && HOLDS_A_CONNECTION.includes(id)) {
      attempt.abort = new AbortController();
      this.#after(attempt, GATE_NOTICE_MILLIS, () => this.#setStatus('waiting', WAITING_REASON));
      let release;
      try {
        release = await this.#gate(id, attempt.abort.signal);
      } catch (aborted) {
        return;
      }
      if (!attempt.live) {
        release();
        return;
      }
      attempt.release = release;
      this.#clearTimers(attempt);
      if (this.#status === 'waiting') this.#setStatus('connecting', 'opening ' + id);
    }
    try {
      attempt.handle = this.#env.adapters[id](this.#link(attempt));
    } catch (error) {
      this.#ended(attempt, { reason: 'could not open ' + id + ' (' + error.message + ')' });
      return;
    }
    this.#armFirstTick(attempt);
  }

  #link(attempt) {
    const live = () => attempt.live;
    return {
      url: (path, params) => this.#url(path, params),
      socketUrl: (path, params) => this.#url(path, params).replace(/^http/, 'ws'),
      cursor: () => (attempt.useCursor || attempt.delivered > 0 ? this.#cursor.lastSeq : null),
      periodMillis: () => this.#periodMillis,
      opened: () => { if (live()) this.#opened(attempt); },
      tick: tick => { if (live()) this.#ticked(attempt, tick); },
      gap: firstAvailable => { if (live()) this.#gapped(attempt, firstAvailable); },
      alive: () => { if (live()) this.#armStall(attempt); },
      message: frame => { if (live()) this.#emit('message', frame); },
      reconnecting: why => { if (live()) this.#retryingByItself(attempt, why); },
      ended: how => { if (live()) this.#ended(attempt, how); }
    };
  }

  #url(path, params = {}) {
    const url = new URL(path.replace(/^\//, ''), this.#base);
    if (this.#zone) url.searchParams.set('zone', this.#zone);
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.href;
  }

  #opened(attempt) {
    attempt.opened = true;
    this.#clearTimers(attempt);
    this.#armFirstTick(attempt);
  }

  #ticked(attempt, tick) {
    if (!attempt.opened) attempt.opened = true;
    attempt.delivered++;
    if (tick.seq > 0 && tick.epochMillis > 0) this.#periodMillis = Math.round(tick.epochMillis / tick.seq);
    this.#clearTimers(attempt);
    this.#armStall(attempt);
    this.#proven.add(attempt.id);
    this.#resumeWithCursor = true;
    if (attempt.delivered === 2) {
      // it streams: whatever failed before was not this transport's fault
      this.#failures = 0;
      this.#backoff.reset();
    }
    this.#everLive = true;
    this.#deliver(tick, { transport: attempt.id, fresh: attempt.delivered === 1, state: STATE_TRANSPORTS.includes(attempt.id) });
    this.#setStatus('live', 'ticks over ' + attempt.id);
  }

  #gapped(attempt, firstAvailable) {
    this.#armStall(attempt);
    this.#skipTo(firstAvailable);
    this.#post({ type: 'gap', firstAvailable });
  }

  #deliver(tick, meta) {
    const missed = this.#cursor.admit(tick.seq);
    if (missed < 0) return;
    if (missed > 0) this.#emit('gap', { from: tick.seq - missed, to: tick.seq - 1, missed, reason: meta.state ? 'state' : 'lost' });
    this.#emit('tick', tick, { transport: meta.transport, fresh: meta.fresh });
    this.#post({ type: 'tick', tick, transport: meta.transport, fresh: meta.fresh });
  }

  #skipTo(firstAvailable) {
    const from = this.#cursor.lastSeq === null ? null : this.#cursor.lastSeq + 1;
    const missed = this.#cursor.skipTo(firstAvailable);
    if (missed > 0) this.#emit('gap', { from, to: firstAvailable - 1, missed, reason: 'server' });
  }

  #retryingByItself(attempt, why) {
    attempt.opened = false;
    this.#clearTimers(attempt);
    this.#setStatus('reconnecting', why);
  }

  #firstTickMillis() {
    return Math.max(2 * this.#periodMillis, FIRST_TICK_MILLIS);
  }

  #stallMillis() {
    return 2 * this.#periodMillis + FIRST_TICK_MILLIS;
  }

  #armFirstTick(attempt) {
    this.#after(attempt, this.#firstTickMillis(), () => this.#overdue(attempt));
  }

  #armStall(attempt) {
    this.#clearTimers(attempt);
    this.#after(attempt, this.#stallMillis(), () => this.#stalled(attempt));
  }

  #after(attempt, millis, then) {
    const timer = this.#env.setTimeout(() => {
      attempt.timers.delete(timer);
      if (attempt.live) then();
    }, millis);
    attempt.timers.add(timer);
  }

  #clearTimers(attempt) {
    for (const timer of attempt.timers) this.#env.clearTimeout(timer);
    attempt.timers.clear();
  }

  /** No tick in time after opening. Over HTTP/1.1, a request still unanswered may just be queued behind the browser's six connections. */
  async #overdue(attempt) {
    const seconds = Math.round(this.#firstTickMillis() / 1000);
    const queued = !attempt.opened && HOLDS_A_CONNECTION.includes(attempt.id) && !multiplexed(this.#env.protocol(this.#base));
    if (!queued) {
      this.#closeAttempt();
      this.#suspect(attempt, attempt.opened ? 'no tick within ' + seconds + ' s of opening ' + attempt.id
        : attempt.id + ' got no answer within ' + seconds + ' s');
      return;
    }
    this.#setStatus('waiting', WAITING_REASON);
    const generation = this.#generation;
    const answer = await this.#env.probe(this.#url('/api/clock'));
    if (!attempt.live || generation !== this.#generation) return;
    if (answer !== 'up') {
      this.#armFirstTick(attempt);       // still no connection to be had: keep our place in the browser's queue
      return;
    }
    this.#serverIsBack();
    this.#closeAttempt();
    this.#blame(attempt.id, attempt.id + ' got no answer in ' + seconds + ' s while the server answered others');
  }

  #stalled(attempt) {
    this.#closeAttempt();
    this.#suspect(attempt, 'no tick over ' + attempt.id + ' for ' + Math.round(this.#stallMillis() / 1000) + ' s');
  }

  #ended(attempt, how) {
    this.#closeAttempt();
    if (how.cursorRefused && attempt.useCursor && this.#cursor.lastSeq !== null) {
      this.#resumeWithCursor = false;
      this.#connect(how.reason + '; resuming without a cursor');
    } else if (how.full) {
      this.#connect(how.reason + '; opening the next one');
    } else if (how.goingAway || how.retryLater || how.retryAfterMillis) {
      this.#retryLater(how.reason, how.retryAfterMillis ? how.retryAfterMillis + this.#env.random() * 1000 : 0);
    } else if (attempt.delivered > 0) {
      this.#retryLater(how.reason);
    } else {
      this.#suspect(attempt, how.reason);
    }
  }

  /** A transport that did not deliver is blamed only when the server answers a plain request; else the server is away. */
  async #suspect(attempt, reason) {
    this.#setStatus('reconnecting', reason);
    const generation = this.#generation;
    const answer = await this.#env.probe(this.#url('/api/clock'));
    if (!this.#running || generation !== this.#generation) return;
    if (answer === 'up') {
      this.#serverIsBack();
      this.#blame(attempt.id, reason);
    } else {
      this.#serverAway = true;
      this.#retryLater(reason + (answer === 'down' ? '; the server is away' : '; the server does not answer'));
    }
  }

  /** The delays grown while the server was away say nothing about how soon to try again now that it answers. */
  #serverIsBack() {
    if (!this.#serverAway) return;
    this.#serverAway = false;
    this.#backoff.reset();
  }

  /** Once for a transport that never delivered here, twice in a row for one that did: then the next transport, or without a cursor. */
  #blame(id, reason) {
    this.#failures++;
    if (this.#failures < (this.#proven.has(id) ? 2 : 1)) {
      this.#retryLater(reason);
      return;
    }
    this.#failures = 0;
    if (this.#index + 1 < this.#order.length) {
      this.#index++;
      const to = this.#order[this.#index];
      this.#emit('switch', { from: id, to, reason });
      this.#post({ type: 'switch', from: id, to, reason });
      this.#backoff.reset();
      this.#connect(reason + '; trying ' + to);
    } else if (this.#resumeWithCursor && this.#cursor.lastSeq !== null) {
      // the server may be refusing our cursor (one ahead of its clock), and this transport cannot say so
      this.#resumeWithCursor = false;
      this.#retryLater(reason + '; next time without a cursor');
    } else {
      this.#retryLater(reason);
    }
  }

  #retryLater(reason, atLeastMillis = 0) {
    const delay = Math.round(Math.max(this.#backoff.next(), atLeastMillis));
    this.#setStatus('reconnecting', reason, delay);
    this.#env.clearTimeout(this.#retryTimer);
    const generation = this.#generation;
    this.#retryTimer = this.#env.setTimeout(() => {
      this.#retryTimer = null;
      if (generation === this.#generation) this.#connect();
    }, delay);
  }

  #closeAttempt() {
    const attempt = this.#attempt;
    if (!attempt || !attempt.live) return;
    attempt.live = false;
    this.#clearTimers(attempt);
    if (attempt.abort) attempt.abort.abort();
    if (attempt.handle) {
      try {
        attempt.handle.close();
      } catch (alreadyClosed) {
        // nothing left to close
      }
    }
    if (attempt.release) attempt.release();
  }

  // ---- events ----

  #setStatus(status, reason, retryInMillis) {
    if (status === this.#status && reason === this.#reason && retryInMillis === undefined) return;
    this.#status = status;
    this.#reason = reason;
    this.#emit('status', { status, transport: this.#transport, reason, retryInMillis, role: this.#role });
    if (this.#role === 'leader' && status !== 'paused' && status !== 'stopped') {
      this.#post({ ...this.#statusMessage(), retryInMillis });
    }
  }

  #emit(type, detail, extra) {
    const event = typeof CustomEvent === 'function' ? new CustomEvent(type, { detail }) : Object.assign(new Event(type), { detail });
    this.dispatchEvent(Object.assign(event, extra));
  }
}
