// The pushclock demo page: a panel per technique, each a PushClock limited to that one transport
// (so it runs that technique's own browser code, shown under the panel), and an automatic panel
// that lets pushclock.js choose. Plain ES modules, no build step, nothing fetched from elsewhere.
// The DOM each panel exposes to the browser tests is documented in panel.js.
import { PushClock } from '../pushclock.js';
import { renderChart, renderLegend } from './chart.js';
import { connectionGate, learnProtocol } from './connections.js';
import { createPanelNode, renderPanel } from './panel.js';
import { renderRanking } from './ranking.js';
import { refreshStats } from './stats.js';
import { createPage, createPanel, recordGap, recordStatus, recordSwitch, recordTick } from './state.js';
import { chosen } from './techniques.js';

const STATS_EVERY_MILLIS = 3000;
const PING_EVERY_MILLIS = 5000;

const page = createPage(document.getElementById('zone').value);
const protocol = learnProtocol();                    // asked once: for the gate and the line that names it
const gate = connectionGate(globalThis.navigator.locks, () => protocol);

/** Each panel: its state, its DOM and the clock that drives it. */
const panels = chosen(location.search).map(technique => {
  const state = createPanel(technique);
  const clock = new PushClock({
    zone: page.zone,
    transports: technique.transports,
    gate,
    shareAcrossTabs: state.automatic
  });
  const node = createPanelNode(state, () => clock.reconnect());
  const render = () => renderPanel(node, state, page);
  clock.addEventListener('tick', event => {
    recordTick(state, event.detail, { now: Date.now(), offsetMillis: page.offsetMillis, fresh: event.fresh });
    render();
  });
  clock.addEventListener('gap', event => { recordGap(state, event.detail); render(); });
  clock.addEventListener('status', event => { recordStatus(state, event.detail); render(); });
  clock.addEventListener('switch', event => { recordSwitch(state, event.detail, Date.now()); render(); });
  document.getElementById('panels').appendChild(node);
  render();
  return { state, node, clock, render };
});
const techniques = panels.filter(panel => !panel.state.automatic);

function renderProtocol() {
  const names = { 'http/1.1': 'HTTP/1.1', h2: 'HTTP/2', h3: 'HTTP/3' };
  const line = document.getElementById('protocol');
  line.dataset.protocol = page.protocol;
  line.textContent = 'This page came over ' + (names[page.protocol] || 'an unknown protocol')
    + (page.protocol === 'http/1.1' ? ': the browser opens at most six connections to this server, shared by all its tabs.' : '.');
}

/** The server's clock minus this browser's, measured with pings up the WebSocket panel's socket. */
function measureOffset() {
  const socket = panels.find(panel => panel.state.id === 'websocket');
  if (!socket) return;
  let sentAt = 0;
  socket.clock.addEventListener('message', event => {
    if (event.detail.type !== 'pong') return;
    const now = Date.now();
    page.offsetMillis = event.detail.serverMillis - (sentAt + now) / 2;
    page.offsetKnown = true;
    page.roundTripMillis = now - sentAt;
    document.getElementById('skew').textContent = 'Clock offset to the server: ' + Math.round(page.offsetMillis)
      + ' ms (round trip ' + page.roundTripMillis + ' ms); lag figures correct for it.';
  });
  const ping = () => {
    sentAt = Date.now();
    socket.clock.send({ type: 'ping' });
  };
  socket.clock.addEventListener('status', event => { if (event.detail.status === 'live' && !page.offsetKnown) ping(); });
  setInterval(() => { if (!document.hidden) ping(); }, PING_EVERY_MILLIS);
}

async function refreshFigures() {
  if (document.hidden) return;
  if (await refreshStats(page)) for (const panel of panels) panel.render();
}

function start() {
  protocol.then(learnt => {
    page.protocol = learnt;
    renderProtocol();
  });
  renderLegend(document.getElementById('legend'), techniques.map(panel => panel.state));
  measureOffset();
  for (const panel of panels) panel.clock.start();

  document.getElementById('zone').addEventListener('change', event => {
    page.zone = event.target.value;
    for (const panel of panels) panel.clock.setZone(page.zone);
  });
  document.getElementById('controls').addEventListener('submit', event => event.preventDefault());

  refreshFigures();
  setInterval(refreshFigures, STATS_EVERY_MILLIS);
  setInterval(() => {
    const now = Date.now();
    renderRanking(document.querySelector('#ranking tbody'), techniques.map(panel => panel.state), page, now);
    renderChart(document.getElementById('lag-chart'), techniques.map(panel => panel.state), now);
  }, 1000);
}

start();
