// A panel's DOM, rendered from its state (state.js). Only what changed is touched, so that the
// polite live region announces a status once, not once a second.
//
// The DOM contract the browser tests read (keep it stable):
//   each panel's root element: id = its transport id (poll, long-poll, iframe, websocket, sse,
//   ndjson) or auto; data-transport (the transport in use: for auto it changes); data-status, one
//   of connecting, live, waiting (no free browser connection), reconnecting, paused (a hidden tab
//   let go of its connections), stopped; data-updates (ticks shown), data-first-seq and
//   data-last-seq (absent before the first tick), data-missed (ticks missing between consecutive
//   seqs it saw, gaps the server reported included). #auto also has data-role (single, leader,
//   follower) and lists its switches as `#auto .switches li` with data-from, data-to, data-reason.
//   The page's #protocol has data-protocol: how the page learnt it reached the server (http/1.1, h2).
import { TECHNIQUES } from './techniques.js';
import { Status } from './state.js';

const TITLES = Object.fromEntries(TECHNIQUES.map(technique => [technique.id, technique.title]));

const WAITING = 'waiting for a free browser connection (6 per server over HTTP/1.1, other pushclock tabs hold them)';

export function createPanelNode(panel, onReconnect) {
  const node = document.getElementById('panel-template').content.firstElementChild.cloneNode(true);
  node.id = panel.id;
  node.setAttribute('aria-labelledby', panel.id + '-title');
  const title = node.querySelector('h2');
  title.id = panel.id + '-title';
  title.textContent = panel.title;
  node.querySelector('.when').textContent = panel.when;
  node.querySelector('.time').setAttribute('aria-label', 'Server time by ' + panel.title.toLowerCase());
  const reconnect = node.querySelector('.reconnect');
  reconnect.setAttribute('aria-label', 'Reconnect ' + panel.title.toLowerCase());
  reconnect.addEventListener('click', onReconnect);
  node.querySelector('code').textContent = panel.code;
  if (panel.automatic) {
    node.classList.add('automatic');
    node.querySelector('.figures').after(document.getElementById('automatic-template').content.cloneNode(true));
    node.querySelector('summary').textContent = 'The five lines behind it';
  }
  return node;
}

function text(element, value) {
  if (element.textContent !== value) element.textContent = value;
}

function data(node, name, value) {
  if (value === null || value === undefined) {
    if (name in node.dataset) delete node.dataset[name];
  } else if (node.dataset[name] !== String(value)) {
    node.dataset[name] = String(value);
  }
}

/** What the status line says, and where it points: over HTTP/1.1 a waiting panel names the way out. */
export function statusLine(panel, page) {
  switch (panel.status) {
    case Status.LIVE:
      return { text: panel.automatic ? 'live over ' + (TITLES[panel.transport] || panel.transport) : 'live' };
    case Status.WAITING:
      return page.httpsUrl
        ? { text: WAITING + ' — ', link: { text: 'open the HTTPS page (HTTP/2)', href: page.httpsUrl } }
        : { text: WAITING + ' — serve it over HTTPS (HTTP/2), see the README' };
    case Status.RECONNECTING:
      return {
        text: (panel.reason ? panel.reason + '; ' : '') + 'reconnecting'
          + (panel.retryInMillis ? ' in ' + (panel.retryInMillis / 1000).toFixed(1) + ' s' : '')
      };
    case Status.PAUSED:
      return {
        text: 'paused: the tab is hidden, so it let go of its connections; '
          + (panel.lastSeq === null ? 'it starts when shown' : 'it resumes after tick ' + panel.lastSeq + ' when shown')
      };
    case Status.STOPPED:
      return { text: 'stopped' + (panel.reason && panel.reason !== 'stopped' ? ': ' + panel.reason : '') };
    default:
      return { text: 'connecting' };
  }
}

const shownLines = new WeakMap();

function renderStatus(element, line) {
  const key = line.text + (line.link ? '\n' + line.link.href : '');
  if (shownLines.get(element) === key) return;
  shownLines.set(element, key);
  if (!line.link) {
    element.replaceChildren(line.text);
    return;
  }
  const link = document.createElement('a');
  link.href = line.link.href;
  link.textContent = line.link.text;
  element.replaceChildren(line.text, link);
}

function renderAutomatic(node, panel) {
  text(node.querySelector('.transport'), TITLES[panel.transport] || '–');
  text(node.querySelector('.role'), panel.role === 'leader' ? '(this tab holds the connection for every tab)'
    : panel.role === 'follower' ? '(another tab holds the connection; this one hears its ticks)' : '');
  data(node, 'role', panel.role);
  const list = node.querySelector('.switches');
  for (let i = list.children.length; i < panel.switches.length; i++) {
    const change = panel.switches[i];
    const item = document.createElement('li');
    item.dataset.from = change.from;
    item.dataset.to = change.to;
    item.dataset.reason = change.reason;
    const at = new Date(change.at).toLocaleTimeString([], { hour12: false });
    item.textContent = at + ' ' + (TITLES[change.from] || change.from) + ' → ' + (TITLES[change.to] || change.to) + ': ' + change.reason;
    list.appendChild(item);
  }
  node.querySelector('.no-switches').hidden = panel.switches.length > 0;
}

export function renderPanel(node, panel, page) {
  data(node, 'transport', panel.transport);
  data(node, 'status', panel.status);
  data(node, 'updates', panel.updates);
  data(node, 'firstSeq', panel.firstSeq);
  data(node, 'lastSeq', panel.lastSeq);
  data(node, 'missed', panel.missed);
  if (panel.time !== null) text(node.querySelector('.time'), panel.time);
  text(node.querySelector('.updates'), String(panel.updates));
  text(node.querySelector('.missed'), String(panel.missed));
  text(node.querySelector('.lag'), panel.lag === null ? '–' : Math.round(panel.lag) + ' ms');
  const bytes = page.bytesPerUpdate[panel.transport];
  text(node.querySelector('.bytes'), bytes === undefined ? '–' : Math.round(bytes) + ' B');
  renderStatus(node.querySelector('.status'), statusLine(panel, page));
  if (panel.automatic) renderAutomatic(node, panel);
}
