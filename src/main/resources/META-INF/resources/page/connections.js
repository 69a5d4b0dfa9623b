// The browser's HTTP/1.1 connections to this server: six at most, shared by every tab of it
// (WebSockets not counted). Each tab of this page holds four of them for as long as it runs (the
// forever frame, the event stream, the NDJSON stream and the long-poll), so two tabs would take them
// all and a third could not even load. Over HTTP/1.1 the tabs therefore share five places, handed
// out with Web Locks; a stream that has none says it is waiting, and the sixth connection stays free
// for page loads, polls and /api/stats. HTTP/2 carries everything over one connection: no limit.

/** Places for connections held open, across every tab of this page over HTTP/1.1. */
export const SLOTS = 5;

/** How this page itself was fetched: 'http/1.1', 'h2', 'h3', or '' where the browser does not say. */
export function pageProtocol(performance = globalThis.performance) {
  const navigation = performance && performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  return navigation ? navigation.nextHopProtocol : '';
}

export function multiplexed(protocol) {
  return /^h[23]/.test(protocol || '');
}

/**
 * A gate for pushclock.js that hands out the SLOTS places: resolves with the function that gives
 * one back, rejects when the signal aborts. Null where no gate is needed (HTTP/2) or possible (no
 * Web Locks: a page that is not a secure context); there a stalled request is told by its timing.
 */
export function connectionGate(protocol, locks = globalThis.navigator && globalThis.navigator.locks, slots = SLOTS) {
  if (multiplexed(protocol) || !locks) return null;
  return (transport, signal) => new Promise((resolve, reject) => {
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
