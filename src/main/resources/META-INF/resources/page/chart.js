// Delivery lag over the last minute, a line per technique, drawn as SVG.
import { recentLags } from './state.js';

const SVG = 'http://www.w3.org/2000/svg';

export const COLORS = Object.freeze({
  poll: '#c2410c', 'long-poll': '#a16207', iframe: '#7c3aed', websocket: '#0b5cad', sse: '#15803d', ndjson: '#be185d'
});

export function renderChart(svg, panels, now) {
  const all = panels.flatMap(panel => recentLags(panel, now).map(sample => sample.lag));
  const sorted = all.slice().sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.floor(sorted.length * 0.95)] : 0;
  const top = Math.max(100, Math.ceil(p95 / 100) * 100);
  const lines = panels.map(panel => {
    const points = recentLags(panel, now).map(sample => {
      const x = 600 - (now - sample.at) / 60000 * 600;
      const y = 190 - Math.min(Math.max(sample.lag, 0), top) / top * 180;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[panel.id]);
    line.setAttribute('stroke-width', '2');
    line.dataset.transport = panel.id;
    return line;
  });
  const label = (value, y) => {
    const node = document.createElementNS(SVG, 'text');
    node.setAttribute('x', '4');
    node.setAttribute('y', String(y));
    node.setAttribute('class', 'axis');
    node.textContent = value;
    return node;
  };
  const desc = svg.querySelector('desc');
  svg.replaceChildren(desc, label(top + ' ms', 14), label('0 ms', 188), ...lines);
}

export function renderLegend(list, panels) {
  for (const panel of panels) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLORS[panel.id];
    item.append(swatch, panel.title);
    list.appendChild(item);
  }
}
