// The comparison table: the techniques ranked by bytes on the wire per update, as the server
// counted them, with this browser's median lag over the last minute.
import { median, recentLags } from './state.js';

export function renderRanking(body, panels, page, now) {
  const rows = panels.map(panel => ({
    panel,
    bytes: page.bytesPerUpdate[panel.id],
    lag: median(recentLags(panel, now).map(sample => sample.lag))
  }));
  rows.sort((a, b) => (a.bytes ?? Infinity) - (b.bytes ?? Infinity));
  body.replaceChildren(...rows.map((row, index) => {
    const tr = document.createElement('tr');
    tr.dataset.transport = row.panel.id;
    const cells = [index + 1, row.panel.title,
      row.bytes === undefined ? '–' : Math.round(row.bytes) + ' B',
      row.lag === null ? '–' : Math.round(row.lag) + ' ms',
      row.panel.updates, page.openOnServer[row.panel.id] ?? '–'];
    cells.forEach((value, column) => {
      const cell = document.createElement(column === 1 ? 'th' : 'td');
      if (column === 1) cell.scope = 'row';
      cell.textContent = value;
      tr.appendChild(cell);
    });
    return tr;
  }));
}
