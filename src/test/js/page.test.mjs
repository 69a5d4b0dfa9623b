// The demo page's modules that hold no DOM: its state, what a status line says, the HTTP/1.1
// connection gate, the Link header of /api/stats, and which panels a URL asks for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { load } from './resources.mjs';
import { FakeLocks, settle } from './fakes.mjs';

const { Status, createPage, createPanel, recordGap, recordStatus, recordSwitch, recordTick, recentLags, recordStats } = await load('page/state.js');
const { statusLine } = await load('page/panel.js');
const { alternateHttps, refreshStats } = await load('page/stats.js');
const { connectionGate, SLOTS } = await load('page/connections.js');
const { chosen, TECHNIQUES, AUTOMATIC } = await load('page/techniques.js');
const { transports } = await load('pushclock.js');

const sse = TECHNIQUES.find(technique => technique.id === 'sse');

describe('panel state', () => {
  it('counts what the clock delivered and what it missed, and keeps pushes apart from the state at connect', () => {
    const panel = createPanel(sse);
    recordTick(panel, { seq: 10, epochMillis: 10000, time: '00:00:10' }, { now: 10900, offsetMillis: 0, fresh: true });
    recordTick(panel, { seq: 11, epochMillis: 11000, time: '00:00:11' }, { now: 11020, offsetMillis: 0, fresh: false });
    recordGap(panel, { from: 12, to: 13, missed: 2, reason: 'server' });
    recordTick(panel, { seq: 14, epochMillis: 14000, time: '00:00:14' }, { now: 14030, offsetMillis: -10, fresh: false });
    assert.equal(panel.updates, 3);
    assert.equal(panel.firstSeq, 10);
    assert.equal(panel.lastSeq, 14);
    assert.equal(panel.missed, 2);
    assert.equal(panel.time, '00:00:14');
    assert.deepEqual(recentLags(panel, 14030).map(sample => sample.lag), [20, 20]);
    assert.deepEqual(recentLags(panel, 14030 + 60001).map(sample => sample.lag), []);
  });

  it('keeps the transport in use and every switch of the automatic panel', () => {
    const panel = createPanel(AUTOMATIC);
    assert.equal(panel.automatic, true);
    recordStatus(panel, { status: 'connecting', transport: 'websocket', role: 'leader', reason: 'opening websocket' });
    recordSwitch(panel, { from: 'websocket', to: 'sse', reason: 'no WebSocket could be opened' }, 5);
    assert.equal(panel.transport, 'sse');
    assert.equal(panel.role, 'leader');
    assert.deepEqual(panel.switches, [{ from: 'websocket', to: 'sse', reason: 'no WebSocket could be opened', at: 5 }]);
  });

  it('turns two /api/stats snapshots into bytes per update', () => {
    const page = createPage();
    recordStats(page, { sse: { connections: 1, messages: 10, bytes: 2000 } });
    recordStats(page, { sse: { connections: 2, messages: 14, bytes: 2600 } });
    assert.equal(page.bytesPerUpdate.sse, 150);
    assert.equal(page.openOnServer.sse, 2);
  });
});

describe('status line', () => {
  const page = createPage();

  it('says a panel without a connection is waiting, why, and where the HTTPS page is', () => {
    const panel = createPanel(sse);
    recordStatus(panel, { status: Status.WAITING, reason: 'waiting for a free browser connection' });
    const without = statusLine(panel, page);
    assert.match(without.text, /^waiting for a free browser connection \(6 per server over HTTP\/1\.1, other pushclock tabs hold them\)/);
    assert.match(without.text, /serve it over HTTPS \(HTTP\/2\), see the README/);
    assert.equal(without.link, undefined);
    const withLink = statusLine(panel, { ...page, httpsUrl: 'https://clock.test:8443/' });
    assert.equal(withLink.link.href, 'https://clock.test:8443/');
    assert.doesNotMatch(withLink.text + withLink.link.text, /\blive\b/);
  });

  it('says when and why it reconnects, and where a paused panel resumes', () => {
    const panel = createPanel(sse);
    recordStatus(panel, { status: Status.RECONNECTING, reason: 'the socket closed (1006)', retryInMillis: 1250 });
    assert.equal(statusLine(panel, page).text, 'the socket closed (1006); reconnecting in 1.3 s');
    panel.lastSeq = 41;
    recordStatus(panel, { status: Status.PAUSED, reason: 'the page is hidden' });
    assert.match(statusLine(panel, page).text, /resumes after tick 41 when shown/);
  });
});

describe('the Link header of /api/stats', () => {
  it('names the HTTPS page when the server sends one', () => {
    assert.equal(alternateHttps('<https://clock.test:8443/>; rel="alternate"'), 'https://clock.test:8443/');
    assert.equal(alternateHttps('</next>; rel="next", <https://h:1/>; rel=alternate'), 'https://h:1/');
    assert.equal(alternateHttps('<https://h:1/>; rel="preload"'), null);
    assert.equal(alternateHttps('<http://h:1/>; rel="alternate"'), null);
    assert.equal(alternateHttps(null), null);
  });
});

describe('the /api/stats requests', () => {
  /** A server that answers only when told to; a request it does not answer ends when its signal aborts. */
  function slowServer() {
    const requests = [];
    const fetch = (url, { signal }) => new Promise((resolve, reject) => {
      const answer = body => resolve({ headers: new Headers({ Link: '<https://localhost:8443/>; rel="alternate"' }), json: async () => body });
      requests.push({ url, answer });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
    return { fetch, requests };
  }
  const here = { pathname: '/', search: '?panels=auto' };

  it('keeps at most one in flight, and gives it up after the timeout', async () => {
    const server = slowServer();
    const page = createPage('UTC');
    const first = refreshStats(page, { fetch: server.fetch, timeoutMillis: 50, here });
    assert.equal(await refreshStats(page, { fetch: server.fetch, timeoutMillis: 50, here }), false, 'a second while one is out');
    assert.equal(server.requests.length, 1);
    const awake = setInterval(() => {}, 10);   // AbortSignal.timeout's timer alone does not keep Node running
    try {
      assert.equal(await first, false, 'unanswered, given up');
    } finally {
      clearInterval(awake);
    }

    const third = refreshStats(page, { fetch: server.fetch, timeoutMillis: 1000, here });
    assert.equal(server.requests.length, 2, 'a new one once the first was given up');
    server.requests[1].answer({});
    assert.equal(await third, true);
    assert.equal(page.httpsUrl, 'https://localhost:8443/?panels=auto', 'this page, on the HTTPS server');
  });
});

describe('the HTTP/1.1 connection gate', () => {
  it('hands out five places across every tab, in turn, and takes back the ones given up', async () => {
    const gate = connectionGate(new FakeLocks(), async () => 'http/1.1');
    const granted = [];
    const asks = Array.from({ length: SLOTS + 2 }, (unused, i) => {
      const abort = new AbortController();
      const promise = gate('sse', abort.signal).then(release => { granted.push(i); return release; }, () => 'gave up');
      return { abort, promise };
    });
    await settle();
    await settle();
    assert.deepEqual(granted, [0, 1, 2, 3, 4]);
    asks[5].abort.abort();
    assert.equal(await asks[5].promise, 'gave up');
    (await asks[0].promise)();
    await settle();
    await settle();
    assert.deepEqual(granted, [0, 1, 2, 3, 4, 6]);
  });

  it('lets everything through over HTTP/2, and is not possible without Web Locks', async () => {
    const gate = connectionGate(new FakeLocks(), async () => 'h2', 1);
    const releases = await Promise.all([1, 2, 3].map(() => gate('sse', new AbortController().signal)));
    assert.equal(releases.length, 3);
    assert.equal(connectionGate(undefined, async () => 'http/1.1'), null);
  });
});

describe('panels', () => {
  it('are the automatic one and the six techniques, or those the URL names', () => {
    assert.deepEqual(chosen('').map(panel => panel.id), ['auto', 'poll', 'long-poll', 'iframe', 'websocket', 'sse', 'ndjson']);
    assert.deepEqual(chosen('?panels=auto').map(panel => panel.id), ['auto']);
    assert.deepEqual(chosen('?panels=sse,websocket').map(panel => panel.id), ['websocket', 'sse']);
    assert.equal(chosen('?panels=nothing').length, 7);
  });

  it("show each technique's own browser code", () => {
    for (const technique of TECHNIQUES) assert.equal(technique.code, transports[technique.id].toString());
    assert.match(TECHNIQUES.find(t => t.id === 'sse').code, /new EventSource\(/);
    assert.match(AUTOMATIC.code, /new PushClock\(/);
  });
});
