// What each panel of the demo page is: a technique (one transport of pushclock.js, whose own
// browser code the panel shows) or the automatic client that picks among them.
import { TRANSPORT_ORDER, transports } from '../pushclock.js';

/** The five lines a page of yours needs; the automatic panel shows them as its code. */
export const USAGE = `import { PushClock } from '/pushclock.js';
const clock = new PushClock({ zone: 'Europe/Paris', shareAcrossTabs: true });
clock.addEventListener('tick', event => { document.querySelector('#time').textContent = event.detail.time; });
clock.addEventListener('switch', event => console.info(event.detail.from, '→', event.detail.to, event.detail.reason));
clock.start();`;

const technique = (id, title, when) => ({ id, title, when, transports: [id], code: transports[id].toString() });

/** The six techniques, in the order the page shows them. */
export const TECHNIQUES = Object.freeze([
  technique('poll', 'Interval polling',
    'When updates are rare or seconds of delay do not matter: it works through any proxy, but every ' +
    'request carries full headers, and the news waits for the next poll.'),
  technique('long-poll', 'Long-polling',
    'When WebSockets and streams are blocked but updates must arrive at once: each request is held ' +
    'until the next tick, at the price of one full request per update.'),
  technique('iframe', 'Forever frame',
    'Only for very old browsers: a hidden iframe whose document never ends, one script per tick ' +
    'calling into this page. It shows where Comet began, not where to go now.'),
  technique('websocket', 'WebSocket',
    'When the browser also talks back, or for the lowest cost per update: one socket, a small ' +
    'frame per tick, commands up the same connection.'),
  technique('sse', 'Server-Sent Events',
    'For one-way pushes to the browser over plain HTTP: EventSource reconnects by itself and resumes ' +
    'from the last event id, so no tick is lost across a dropped connection.'),
  technique('ndjson', 'NDJSON stream',
    'When the client is code rather than a page (curl -N, a service): one chunked response, one JSON ' +
    'line per tick, read with a stream reader.')
]);

/** pushclock.js itself: the best transport this browser and network allow, shared by every tab of this page. */
export const AUTOMATIC = Object.freeze({
  id: 'auto',
  title: 'Automatic (pushclock.js)',
  when: 'What a page of yours would use: pushclock.js opens the best transport that works here, falls back ' +
    'when one fails, resumes from the last tick on every reconnect and switch, and lets one tab hold the ' +
    'connection for all the others.',
  transports: TRANSPORT_ORDER,
  code: USAGE
});

/** The panels a URL asks for (?panels=auto,websocket), in the page's order; all of them by default. */
export function chosen(search) {
  const all = [AUTOMATIC, ...TECHNIQUES];
  const asked = new URLSearchParams(search).get('panels');
  if (!asked) return all;
  const ids = asked.split(',').map(id => id.trim());
  const some = all.filter(panel => ids.includes(panel.id));
  return some.length > 0 ? some : all;
}
