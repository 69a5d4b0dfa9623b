// The browser's HTTP/1.1 connections to this server: six at most, shared by every tab of it
// (WebSockets not counted). Each tab of this page holds four of them for as long as it runs (the
// forever frame, the event stream, the NDJSON stream and the long-poll), so two tabs would take them
// all and a third could not even load. Over HTTP/1.1 the tabs therefore share five places, handed
// out with Web Locks; a stream that has none says it is waiting, and the sixth connection stays free
// for page loads, polls and /api/stats. HTTP/2 carries everything over one connection: no limit.

/** Places for connections held open, across every tab of this page over HTTP/1.1. */
export const SLOTS = 5;

/** How the browser reached this server, as it recorded it: 'http/1.1', 'h2', 'h3', or '' if it did not. */
export function recordedProtocol(performance = globalThis.performance, origin = globalThis.location.origin) {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const known = entries.find(entry => entry.nextHopProtocol && new URL(entry.name).origin === origin);
  return known ? known.nextHopProtocol : '';
}

/** The protocol, asking the server once when the browser recorded none (the page came from its cache). */
export async function learnProtocol() {
  const known = recordedProtocol();
  if (known) return known;
  try {
    const response = await fetch('/favicon.svg', { cache: 'no-store', signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
  } catch (noAnswer) {
    return '';
  }
  return recordedProtocol();
}

export function multiplexed(protocol) {
  return /^h[23]/.test(protocol || '');
}

/** One of the SLOTS places: resolves with the function that gives it back, rejects when the signal aborts. */
function takePlace(locks, signal, slots) {
  return new Promise((resolve, reject) => {
    const race = new AbortController();
    let won = false;
    const giveUp = () => {
      race.abort();
      reject(signal.reason || new Error('aborted'));
    };
    if (signal.aborted) return giveUp();
    signal.addEventListener('abort', giveUp, { once: true });
    // Ask for every place at once and keep the first granted; any other granted meanwhile goes back at once.
    for (let slot = 0; slot < slots; slot++) {
      locks.request('pushclock http/1.1 connection ' + slot, { signal: race.signal }, () => {
        if (won || signal.aborted) return undefined;
        won = true;
        race.abort();
        signal.removeEventListener('abort', giveUp);
        return new Promise(release => resolve(release));
      }).catch(() => {
        // no longer wanted
      });
    }
  });
}

/**
 * A gate for pushclock.js: over HTTP/1.1 (or while the protocol is not known) it hands out the
 * SLOTS places; over HTTP/2 it lets everything through. Null without Web Locks (a page that is
 * not a secure context): there a stalled request is told by its timing alone.
 */
export function connectionGate(locks = globalThis.navigator && globalThis.navigator.locks, protocol = learnProtocol, slots = SLOTS) {
  if (!locks) return null;
  let learnt = null;
  return async (transport, signal) => {
    learnt = learnt || protocol();
    if (multiplexed(await learnt)) return () => {};
    return takePlace(locks, signal, slots);
  };
}
