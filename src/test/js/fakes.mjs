// Stand-ins for what a PushClock takes from the browser: timers that tests advance, transports
// that tests drive, a page that can be hidden, Web Locks and BroadcastChannel within one process.

/** Lets every pending promise callback and immediate run. */
export const settle = () => new Promise(resolve => setImmediate(resolve));

/** Timers on a clock that only moves when a test advances it. */
export class FakeTime {
  now = 0;
  #timers = new Map();
  #next = 1;

  setTimeout = (then, millis) => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + Math.max(0, millis || 0), then });
    return id;
  };

  clearTimeout = id => {
    this.#timers.delete(id);
  };

  /** Runs, in order, every timer due within `millis`, letting promises settle between them. */
  async advance(millis) {
    const end = this.now + millis;
    for (;;) {
      await settle();
      const due = [...this.#timers].filter(([, timer]) => timer.at <= end)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].then();
    }
    this.now = end;
    await settle();
  }
}

/** Transports whose connections the test drives through the link each one was given. */
export function fakeTransports(ids = ['websocket', 'sse', 'ndjson', 'long-poll', 'iframe', 'poll']) {
  const connections = [];
  const adapters = {};
  for (const id of ids) {
    adapters[id] = link => {
      const connection = { id, link, after: link.cursor(), closed: false, sent: [] };
      connections.push(connection);
      const handle = { close: () => { connection.closed = true; } };
      if (id === 'websocket') handle.send = text => connection.sent.push(text);   // the only transport with a way up
      return handle;
    };
  }
  return { adapters, connections, last: () => connections[connections.length - 1], open: () => connections.filter(c => !c.closed) };
}

export function tick(seq, periodMillis = 1000) {
  return { seq, epochMillis: seq * periodMillis, iso: '', time: 'T' + seq, zone: 'UTC' };
}

/** A page whose visibility the test sets. */
export class FakeDocument extends EventTarget {
  visibilityState = 'visible';

  show() {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }

  hide() {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Web Locks' exclusive locks, granted in the order asked, as navigator.locks does. */
export class FakeLocks {
  #queues = new Map();

  request(name, options, callback) {
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(name) || [];
      this.#queues.set(name, queue);
      const entry = { callback, resolve, granted: false };
      queue.push(entry);
      if (options.signal) {
        options.signal.addEventListener('abort', () => {
          if (entry.granted) return;
          queue.splice(queue.indexOf(entry), 1);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      }
      this.#grant(name);
    });
  }

  #grant(name) {
    const queue = this.#queues.get(name);
    const head = queue[0];
    if (!head || head.granted) return;
    head.granted = true;
    Promise.resolve(head.callback({ name })).then(value => {
      queue.shift();
      head.resolve(value);
      this.#grant(name);
    });
  }
}

/** BroadcastChannel between the clocks of one test: every other channel of the same name hears each message. */
export function fakeBroadcastChannels() {
  const open = new Set();
  return class FakeBroadcastChannel {
    onmessage = null;

    constructor(name) {
      this.name = name;
      open.add(this);
    }

    postMessage(message) {
      for (const other of open) {
        if (other !== this && other.name === this.name) {
          const data = structuredClone(message);
          setImmediate(() => { if (open.has(other) && other.onmessage) other.onmessage({ data }); });
        }
      }
    }

    close() {
      open.delete(this);
    }
  };
}

/** Records what a clock tells its listeners. */
export function record(clock) {
  const seen = { ticks: [], gaps: [], switches: [], statuses: [], fresh: [] };
  clock.addEventListener('tick', event => { seen.ticks.push(event.detail.seq); seen.fresh.push(event.fresh); });
  clock.addEventListener('gap', event => seen.gaps.push(event.detail));
  clock.addEventListener('switch', event => seen.switches.push(event.detail));
  clock.addEventListener('status', event => seen.statuses.push(event.detail.status));
  return seen;
}
