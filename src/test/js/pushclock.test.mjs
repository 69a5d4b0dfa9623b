// The logic of pushclock.js, driven with fake transports and timers: fallback order, cursor,
// no duplicates, gaps, backoff, visibility, waiting for a connection, one leader for all tabs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { load } from './resources.mjs';
import {
  FakeDocument, FakeLocks, FakeTime, fakeBroadcastChannels, fakeTransports, record, settle, tick
} from './fakes.mjs';

const { PushClock, Backoff, Cursor, TRANSPORT_ORDER, listenToFrame } = await load('pushclock.js');

/** A clock on fake time and transports; `probe` is what the plain request that tells a broken transport from an absent server answers. */
function fixture(options = {}, { ids, protocol = 'h2', probe = 'up', document = new FakeDocument() } = {}) {
  const time = new FakeTime();
  const transports = fakeTransports(ids);
  const state = { probe, probes: 0, protocol };
  const clock = new PushClock({
    url: 'http://clock.test/',
    ...options,
    env: {
      setTimeout: time.setTimeout,
      clearTimeout: time.clearTimeout,
      random: () => 0.5,
      document,
      locks: undefined,
      BroadcastChannel: undefined,
      protocol: () => state.protocol,
      probe: async () => { state.probes++; return state.probe; },
      adapters: transports.adapters,
      ...options.env
    }
  });
  const seen = record(clock);
  return { clock, time, transports, state, seen, document };
}

/** Advances time until the clock opens its next connection; that connection. */
async function nextConnection(time, transports, withinMillis = 60000) {
  const count = transports.connections.length;
  const start = time.now;
  while (transports.connections.length === count) {
    assert.ok(time.now - start < withinMillis, 'no new connection within ' + withinMillis + ' ms');
    await time.advance(50);
  }
  return transports.last();
}

describe('Backoff', () => {
  it('doubles from the first delay up to the ceiling, each delay somewhere in the upper half of its step', () => {
    const low = new Backoff(1000, 30000, () => 0);
    const high = new Backoff(1000, 30000, () => 1);
    const lows = Array.from({ length: 7 }, () => low.next());
    const highs = Array.from({ length: 7 }, () => high.next());
    assert.deepEqual(lows, [500, 1000, 2000, 4000, 8000, 15000, 15000]);
    assert.deepEqual(highs, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    low.reset();
    assert.equal(low.next(), 500);
  });
});

describe('Cursor', () => {
  it('admits each seq once, in order, and counts what is missing before it', () => {
    const cursor = new Cursor();
    assert.equal(cursor.admit(10), 0);
    assert.equal(cursor.admit(11), 0);
    assert.equal(cursor.admit(11), -1);
    assert.equal(cursor.admit(9), -1);
    assert.equal(cursor.admit(14), 2);
    assert.equal(cursor.lastSeq, 14);
  });

  it('gives up what the server no longer has, once', () => {
    const cursor = new Cursor(10);
    assert.equal(cursor.skipTo(20), 9);
    assert.equal(cursor.admit(20), 0);
    assert.equal(cursor.skipTo(15), 0);
  });
});

describe('fallback', () => {
  it('tries the transports best first and moves down when one fails while the server answers', async () => {
    const { clock, time, transports, seen } = fixture();
    clock.start();
    await time.advance(0);
    assert.equal(transports.last().id, 'websocket');

    transports.last().link.ended({ reason: 'no WebSocket could be opened' });      // a proxy refusing upgrades
    await time.advance(0);
    assert.equal(transports.last().id, 'sse');

    transports.last().link.opened();                                               // a proxy buffering the stream
    await time.advance(3000);
    assert.equal(transports.last().id, 'ndjson');

    await time.advance(3000);                                                      // no answer at all
    assert.equal(transports.last().id, 'long-poll');

    transports.last().link.ended({ reason: 'HTTP 502' });
    await time.advance(0);
    assert.equal(transports.last().id, 'iframe');

    transports.last().link.ended({ reason: 'the frame ended early' });
    await time.advance(0);
    assert.equal(transports.last().id, 'poll');

    transports.last().link.tick(tick(7));
    assert.deepEqual(seen.switches.map(s => s.from + '>' + s.to), [
      'websocket>sse', 'sse>ndjson', 'ndjson>long-poll', 'long-poll>iframe', 'iframe>poll']);
    assert.match(seen.switches[0].reason, /no WebSocket/);
    assert.match(seen.switches[1].reason, /no tick within 3 s of opening sse/);
    assert.equal(clock.transport, 'poll');
    assert.equal(clock.status, 'live');
    assert.deepEqual(TRANSPORT_ORDER, ['websocket', 'sse', 'ndjson', 'long-poll', 'iframe', 'poll']);
  });

  it('waits twice the period for a first tick when the period is long', async () => {
    const { clock, time, transports } = fixture({}, { ids: ['sse', 'ndjson'] });
    clock.start();
    await time.advance(0);
    transports.last().link.opened();
    transports.last().link.tick(tick(100, 5000));
    transports.last().link.ended({ reason: 'the event stream was refused' });
    await time.advance(2000);
    transports.last().link.opened();
    await time.advance(9999);
    assert.equal(transports.last().id, 'sse', 'not yet: two periods of 5 s');
    await time.advance(1);
    assert.equal(transports.last().id, 'sse', 'a transport that delivered is given a second chance');
  });

  it('does not blame a transport while the server is away: it backs off and tries the same one again', async () => {
    const { clock, time, transports, seen, state } = fixture({}, { probe: 'down' });
    clock.start();
    await time.advance(0);
    for (let i = 0; i < 7; i++) {
      transports.last().link.ended({ reason: 'no WebSocket could be opened' });
      await nextConnection(time, transports);
    }
    assert.ok(transports.connections.every(c => c.id === 'websocket'));
    assert.deepEqual(seen.switches, []);
    assert.equal(state.probes, 7);
    assert.ok(seen.statuses.includes('reconnecting'));
    assert.ok(!seen.statuses.includes('live'));
  });

  it('spaces its retries with the backoff', async () => {
    const { clock, time, transports } = fixture({}, { probe: 'down' });
    clock.start();
    await time.advance(0);
    const opened = [time.now];
    for (let i = 0; i < 6; i++) {
      transports.last().link.ended({ reason: 'refused' });
      await nextConnection(time, transports);
      opened.push(time.now);
    }
    const gaps = opened.slice(1).map((at, i) => at - opened[i]);
    assert.deepEqual(gaps, [750, 1500, 3000, 6000, 12000, 22500]);
  });

  it('comes back quickly once the server answers again, whatever the delays grew to while it was away', async () => {
    const { clock, time, transports, state } = fixture();
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(1));
    transports.last().link.ended({ reason: 'the server is going away (1001)', goingAway: true });
    state.probe = 'down';
    for (let i = 0; i < 5; i++) {
      await nextConnection(time, transports);
      transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    }
    state.probe = 'up';                                                            // back, but refusing our socket
    await nextConnection(time, transports);
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    const blamedAt = time.now;
    await nextConnection(time, transports);
    assert.ok(time.now - blamedAt <= 1000, 'retried after ' + (time.now - blamedAt) + ' ms');
  });

  it('gives a transport that delivered here a second chance before moving on', async () => {
    const { clock, time, transports, seen } = fixture();
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(1));
    transports.last().link.ended({ reason: 'the socket closed (1006)' });           // delivered: just reconnect
    await nextConnection(time, transports);
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });        // blamed once
    assert.equal((await nextConnection(time, transports)).id, 'websocket');
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });        // twice: next transport
    assert.equal((await nextConnection(time, transports)).id, 'sse');
    assert.equal(seen.switches.length, 1);
  });

  it('waits out a server that is full on the same transport, as long as it asks', async () => {
    const { clock, time, transports, seen, state } = fixture();
    clock.start();
    await time.advance(0);
    transports.last().link.ended({ reason: 'HTTP 503', retryAfterMillis: 10000 });
    await nextConnection(time, transports);
    assert.ok(time.now >= 10000, 'retried after ' + time.now + ' ms');
    transports.last().link.ended({ reason: 'the server is full (1013)', retryLater: true });
    await nextConnection(time, transports);
    assert.equal(transports.connections.length, 3);
    assert.ok(transports.connections.every(c => c.id === 'websocket'));
    assert.deepEqual(seen.switches, []);
    assert.equal(state.probes, 0);
  });

  it('reopens a full forever frame at once', async () => {
    const { clock, time, transports } = fixture({}, { ids: ['iframe'] });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(1));
    transports.last().link.ended({ reason: 'the frame is full', full: true });
    await time.advance(0);
    assert.equal(transports.connections.length, 2);
    assert.equal(transports.last().after, 1);
  });

  it('reconnects a transport that goes quiet after ticking', async () => {
    const { clock, time, transports } = fixture({}, { probe: 'down' });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(1));
    await time.advance(4999);
    transports.last().link.alive();                                                 // a heartbeat keeps it
    await time.advance(4999);
    assert.equal(transports.connections.length, 1);
    await time.advance(1);
    assert.ok(transports.connections[0].closed);
    assert.equal(clock.status, 'reconnecting');
    await time.advance(1000);
    assert.equal(transports.connections.length, 2);
    assert.equal(transports.last().after, 1);
  });

  it('lets an event stream retry by itself, without a deadline, until it reopens', async () => {
    const { clock, time, transports } = fixture({}, { ids: ['sse', 'ndjson'], probe: 'down' });
    clock.start();
    await time.advance(0);
    transports.last().link.opened();
    transports.last().link.tick(tick(1));
    transports.last().link.reconnecting('the event stream broke; EventSource resumes by itself');
    await time.advance(60000);
    assert.equal(transports.connections.length, 1);
    assert.equal(transports.last().closed, false);
    assert.equal(clock.status, 'reconnecting');
    transports.last().link.opened();
    transports.last().link.tick(tick(2));
    assert.equal(clock.status, 'live');
  });
});

describe('cursor', () => {
  it('carries the last seq across reconnects and switches; never a seq twice or out of order', async () => {
    const { clock, time, transports, seen } = fixture();
    clock.start();
    await time.advance(0);
    for (const seq of [10, 11, 12]) transports.last().link.tick(tick(seq));
    transports.last().link.ended({ reason: 'the socket closed (1006)' });
    assert.equal((await nextConnection(time, transports)).after, 12);
    for (const seq of [11, 12, 13, 15, 14]) transports.last().link.tick(tick(seq));  // replay, a lost one, a late one
    transports.last().link.ended({ reason: 'the socket closed (1006)' });
    await nextConnection(time, transports);
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    await nextConnection(time, transports);
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    assert.equal((await nextConnection(time, transports)).id, 'sse');
    assert.equal(transports.last().after, 15, 'the next transport resumes after the last delivered seq');
    transports.last().link.tick(tick(15));
    transports.last().link.tick(tick(16));
    assert.deepEqual(seen.ticks, [10, 11, 12, 13, 15, 16]);
    assert.deepEqual(seen.gaps, [{ from: 14, to: 14, missed: 1, reason: 'lost' }]);
    assert.deepEqual(seen.fresh, [true, false, false, false, false, false], 'the first tick of a connection is state, not a push');
  });

  it('starts from a cursor it is given', async () => {
    const { clock, time, transports } = fixture({ after: 41 });
    clock.start();
    await time.advance(0);
    assert.equal(transports.last().after, 41);
  });

  it("reports the server's gap markers once, as the server's", async () => {
    const { clock, time, transports, seen } = fixture();
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(10));
    transports.last().link.gap(20);
    transports.last().link.tick(tick(20));
    transports.last().link.tick(tick(21));
    assert.deepEqual(seen.ticks, [10, 20, 21]);
    assert.deepEqual(seen.gaps, [{ from: 11, to: 19, missed: 9, reason: 'server' }]);
  });

  it('reports what a state transport skipped as such', async () => {
    const { clock, time, transports, seen } = fixture({ transports: ['long-poll'] });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(5));
    transports.last().link.tick(tick(8));
    assert.deepEqual(seen.gaps, [{ from: 6, to: 7, missed: 2, reason: 'state' }]);
  });

  it('drops a cursor the server refuses, once, and reports the loss', async () => {
    const { clock, time, transports, seen } = fixture({}, { ids: ['ndjson'] });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(5));
    transports.last().link.ended({ reason: 'the stream ended' });
    assert.equal((await nextConnection(time, transports)).after, 5);
    transports.last().link.ended({ reason: 'HTTP 400: after is not a parameter', cursorRefused: true });
    assert.equal((await nextConnection(time, transports)).after, null);
    transports.last().link.tick(tick(9));
    assert.deepEqual(seen.gaps, [{ from: 6, to: 8, missed: 3, reason: 'lost' }]);
    transports.last().link.ended({ reason: 'the stream ended' });
    assert.equal((await nextConnection(time, transports)).after, 9, 'the cursor is back as soon as a tick came without it');
  });

  it('tries without a cursor when its only transport keeps failing while the server answers', async () => {
    const { clock, time, transports } = fixture({ transports: ['websocket'] });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(5));
    transports.last().link.ended({ reason: 'the socket closed (1006)' });
    for (let i = 0; i < 2; i++) {
      assert.equal((await nextConnection(time, transports)).after, 5);
      transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    }
    assert.equal((await nextConnection(time, transports)).after, null);
  });
});

describe('page visibility', () => {
  it('lets go after a grace when hidden and resumes from the cursor when shown', async () => {
    const { clock, time, transports, document } = fixture({ hiddenGraceMillis: 5000 });
    clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(3));
    document.hide();
    await time.advance(2000);
    document.show();                                                               // back within the grace
    await time.advance(1000);
    assert.equal(transports.open().length, 1);
    transports.last().link.tick(tick(4));
    document.hide();
    await time.advance(4999);
    assert.equal(transports.open().length, 1);
    await time.advance(1);
    assert.equal(transports.open().length, 0);
    assert.equal(clock.status, 'paused');
    await time.advance(60000);
    assert.equal(transports.connections.length, 1, 'nothing while hidden');
    document.show();
    await time.advance(0);
    assert.equal(transports.connections.length, 2);
    assert.equal(transports.last().after, 4);
  });

  it('starts paused in a hidden page', async () => {
    const document = new FakeDocument();
    document.visibilityState = 'hidden';
    const { clock, time, transports } = fixture({}, { document });
    clock.start();
    await time.advance(0);
    assert.equal(transports.connections.length, 0);
    assert.equal(clock.status, 'paused');
  });
});

describe('HTTP/1.1 connections', () => {
  it('says it is waiting when a stream gets no answer while the browser has no connection to spare, and keeps its place', async () => {
    const { clock, time, transports, state, seen } = fixture({ transports: ['sse', 'ndjson'] }, { protocol: 'http/1.1', probe: 'no-answer' });
    clock.start();
    await time.advance(3000);
    assert.equal(clock.status, 'waiting');
    await time.advance(30000);
    assert.equal(transports.connections.length, 1);
    assert.equal(transports.last().closed, false);
    assert.ok(!seen.statuses.includes('live'));
    state.probe = 'up';                                                            // others get answers: the stream is at fault
    await time.advance(6000);
    assert.equal(transports.last().id, 'ndjson');
  });

  it('asks the gate for a connection first, says it is waiting until granted, and gives it back', async () => {
    const grants = [];
    const released = [];
    const gate = (id, signal) => new Promise((resolve, reject) => {
      grants.push(() => resolve(() => released.push(id)));
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
    const { clock, time, transports } = fixture({ transports: ['sse'], gate });
    clock.start();
    await time.advance(1000);
    assert.equal(clock.status, 'waiting');
    assert.equal(transports.connections.length, 0);
    grants[0]();
    await time.advance(0);
    assert.equal(transports.connections.length, 1);
    transports.last().link.tick(tick(1));
    clock.stop();
    assert.deepEqual(released, ['sse']);
    assert.equal(clock.status, 'stopped');
  });

  it('does not ask the gate for a WebSocket, which holds none of those connections', async () => {
    let asked = 0;
    const { clock, time, transports } = fixture({ gate: async () => { asked++; return () => {}; } });
    clock.start();
    await time.advance(0);
    assert.equal(transports.last().id, 'websocket');
    assert.equal(asked, 0);
  });
});

describe('zone', () => {
  it('changes zone with a command up an open WebSocket, and elsewhere by reconnecting from the cursor', async () => {
    const { clock, time, transports } = fixture({ zone: 'UTC' });
    clock.start();
    await time.advance(0);
    transports.last().link.opened();
    transports.last().link.tick(tick(1));
    clock.setZone('Asia/Tokyo');
    assert.deepEqual(transports.last().sent, ['{"type":"zone","zone":"Asia/Tokyo"}']);
    assert.equal(transports.connections.length, 1);

    const other = fixture({ zone: 'UTC', transports: ['sse'] });
    other.clock.start();
    await other.time.advance(0);
    other.transports.last().link.tick(tick(1));
    other.clock.setZone('Asia/Tokyo');
    await other.time.advance(0);
    assert.equal(other.transports.connections.length, 2);
    assert.equal(other.transports.last().after, 1);
    assert.match(other.transports.last().link.url('/api/clock/events', { lastEventId: 1 }), /zone=Asia%2FTokyo&lastEventId=1$/);
  });
});

describe('sharing across tabs', () => {
  function tabs(count) {
    const time = new FakeTime();
    const transports = fakeTransports();
    const locks = new FakeLocks();
    const BroadcastChannel = fakeBroadcastChannels();
    const clocks = Array.from({ length: count }, () => {
      const document = new FakeDocument();
      const clock = new PushClock({
        url: 'http://clock.test/',
        shareAcrossTabs: true,
        env: {
          setTimeout: time.setTimeout, clearTimeout: time.clearTimeout, random: () => 0.5, document, locks, BroadcastChannel,
          protocol: () => 'h2', probe: async () => 'up', adapters: transports.adapters
        }
      });
      return { clock, document, seen: record(clock) };
    });
    return { time, transports, clocks };
  }

  it('three tabs cost one connection; the others hear the leader and stay in step', async () => {
    const { time, transports, clocks } = tabs(3);
    for (const { clock } of clocks) clock.start();
    await time.advance(0);
    assert.equal(transports.open().length, 1);
    assert.deepEqual(clocks.map(c => c.clock.role), ['leader', 'follower', 'follower']);
    for (const seq of [1, 2, 3]) transports.last().link.tick(tick(seq));
    await time.advance(0);
    for (const { seen, clock } of clocks) {
      assert.deepEqual(seen.ticks, [1, 2, 3]);
      assert.equal(clock.transport, 'websocket');
      assert.equal(clock.status, 'live');
    }
  });

  it('moves the lead when the leading tab goes, and the new leader resumes from its cursor', async () => {
    const { time, transports, clocks } = tabs(3);
    for (const { clock } of clocks) clock.start();
    await time.advance(0);
    for (const seq of [1, 2, 3]) transports.last().link.tick(tick(seq));
    await time.advance(0);
    clocks[0].clock.stop();                                                        // the leading tab closes
    await time.advance(0);
    assert.equal(transports.open().length, 1);
    assert.equal(clocks[1].clock.role, 'leader');
    assert.equal(transports.last().after, 3);
    for (const seq of [3, 4]) transports.last().link.tick(tick(seq));
    await time.advance(0);
    assert.deepEqual(clocks[1].seen.ticks, [1, 2, 3, 4]);
    assert.deepEqual(clocks[2].seen.ticks, [1, 2, 3, 4]);
    assert.deepEqual(clocks[2].seen.gaps, []);
  });

  it('a hidden leader hands the lead to a visible tab; a hidden follower keeps hearing the ticks', async () => {
    const { time, transports, clocks } = tabs(2);
    for (const { clock } of clocks) clock.start();
    await time.advance(0);
    transports.last().link.tick(tick(1));
    clocks[0].document.hide();
    await time.advance(5000);
    assert.equal(clocks[1].clock.role, 'leader');
    assert.equal(transports.open().length, 1);
    transports.last().link.tick(tick(2));
    await time.advance(0);
    assert.deepEqual(clocks[0].seen.ticks, [1, 2]);
    clocks[0].document.show();
    await time.advance(0);
    assert.equal(transports.open().length, 1, 'shown again, it queues for the lead rather than opening its own');
  });

  it('tells every tab about a switch of the leader', async () => {
    const { time, transports, clocks } = tabs(2);
    for (const { clock } of clocks) clock.start();
    await time.advance(0);
    transports.last().link.ended({ reason: 'no WebSocket could be opened' });
    await time.advance(0);
    transports.last().link.tick(tick(1));
    await time.advance(0);
    assert.deepEqual(clocks[1].seen.switches.map(s => s.to), ['sse']);
    assert.equal(clocks[1].clock.transport, 'sse');
  });
});

describe('forever frames', () => {
  it("routes each frame's parent.iframeTick to its own listener, however many share the page", () => {
    const host = {};
    const frame = (name) => {
      const realm = { Object: { prototype: {} } };
      return { name, realm, contentWindow: realm, contentDocument: { currentScript: null } };
    };
    const a = frame('a');
    const b = frame('b');
    const heard = [];
    const stopA = listenToFrame(a, { tick: t => heard.push('a' + t.seq), end: r => heard.push('a:' + r) }, host);
    listenToFrame(b, { tick: t => heard.push('b' + t.seq), end: r => heard.push('b:' + r) }, host);

    b.contentDocument.currentScript = {};                      // b's script is running
    host.iframeTick({ seq: 1 });
    host.iframeEnd('full');
    b.contentDocument.currentScript = null;
    host.iframeTick(Object.assign(Object.create(a.realm.Object.prototype), { seq: 2 }));   // made in a's realm
    stopA();
    host.iframeTick({ seq: 3 });                               // only b is left
    assert.deepEqual(heard, ['b1', 'b:full', 'a2', 'b3']);
  });
});
