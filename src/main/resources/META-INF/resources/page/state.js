// What the page knows, kept as data: one object per panel and one for the page. Clock events
// change it here; panel.js, ranking.js and chart.js render the DOM from it, and nothing ever reads
// it back from the DOM.

/** A panel's status, as its data-status (the set pushclock.js reports). */
export const Status = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  WAITING: 'waiting',            // no free browser connection (HTTP/1.1: six per server)
  RECONNECTING: 'reconnecting',
  PAUSED: 'paused',              // the tab is hidden and has let go of its connections
  STOPPED: 'stopped'
});

const LAG_WINDOW_MILLIS = 60000;

export function createPage(zone = 'UTC') {
  return {
    zone,
    offsetMillis: 0,            // the server's clock minus this browser's, from WebSocket pings
    offsetKnown: false,
    roundTripMillis: null,
    protocol: '',               // how this page itself was fetched: 'http/1.1', 'h2', …
    httpsUrl: null,             // where the server says its HTTPS (HTTP/2) page is
    bytesPerUpdate: {},         // by transport id, from /api/stats
    openOnServer: {},
    previousStats: null
  };
}

export function createPanel(technique) {
  return {
    id: technique.id,
    title: technique.title,
    when: technique.when,
    code: technique.code,
    automatic: technique.transports.length > 1,
    status: Status.CONNECTING,
    reason: '',
    retryInMillis: null,
    transport: technique.transports.length === 1 ? technique.transports[0] : null,
    role: 'single',
    updates: 0,
    firstSeq: null,
    lastSeq: null,
    missed: 0,
    time: null,
    lag: null,
    lags: [],                   // {at, lag} over the last minute; pushes only
    switches: []                // {from, to, reason, at}
  };
}

/** A tick the clock delivered (never a repeat, never out of order: pushclock.js sees to that). */
export function recordTick(panel, tick, { now, offsetMillis, fresh }) {
  const lag = now + offsetMillis - tick.epochMillis;
  panel.updates++;
  if (panel.firstSeq === null) panel.firstSeq = tick.seq;
  panel.lastSeq = tick.seq;
  panel.time = tick.time;
  panel.lag = lag;
  // The first tick of a connection is the clock's state, not a push: its age is no delivery lag.
  if (!fresh) panel.lags.push({ at: now, lag });
}

/** Ticks that will never come: between two delivered seqs, or gone from the server's window. */
export function recordGap(panel, gap) {
  panel.missed += gap.missed;
}

export function recordStatus(panel, { status, reason, retryInMillis, transport, role }) {
  panel.status = status;
  panel.reason = reason || '';
  panel.retryInMillis = retryInMillis ?? null;
  if (transport) panel.transport = transport;
  if (role) panel.role = role;
}

export function recordSwitch(panel, { from, to, reason }, now) {
  panel.switches.push({ from, to, reason, at: now });
  panel.transport = to;
}

/** The lag samples of the last minute (and forgets older ones). */
export function recentLags(panel, now) {
  panel.lags = panel.lags.filter(sample => sample.at >= now - LAG_WINDOW_MILLIS);
  return panel.lags;
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Bytes per update from two /api/stats snapshots: what each transport sent since the last one. */
export function recordStats(page, stats) {
  for (const [id, now] of Object.entries(stats)) {
    const before = page.previousStats && page.previousStats[id];
    const messages = before ? now.messages - before.messages : now.messages;
    const bytes = before ? now.bytes - before.bytes : now.bytes;
    if (messages > 0) page.bytesPerUpdate[id] = bytes / messages;
    page.openOnServer[id] = now.connections;
  }
  page.previousStats = stats;
}
