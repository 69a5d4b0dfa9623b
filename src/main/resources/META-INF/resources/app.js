'use strict';
// Each panel is driven by its technique's own browser code; all of them report to show().

function panel(id) {
  const root = document.getElementById(id);
  const state = { updates: 0 };
  return {
    show(tick) {
      state.updates++;
      root.querySelector('.time').textContent = tick.time;
      root.querySelector('.updates').textContent = state.updates;
    },
    status(text) {
      root.querySelector('.status').textContent = text;
    }
  };
}

function startPolling(view) {
  let etag = null;
  let lastSeq = -1;
  setInterval(async () => {
    try {
      const response = await fetch('/api/clock', { headers: etag ? { 'If-None-Match': etag } : {} });
      if (response.status === 304) return;
      etag = response.headers.get('ETag');
      const tick = await response.json();
      if (tick.seq !== lastSeq) {
        lastSeq = tick.seq;
        view.show(tick);
      }
      view.status('polling every second');
    } catch (e) {
      view.status('request failed; trying again');
    }
  }, 1000);
}

async function startLongPolling(view) {
  let after = null;
  for (;;) {
    try {
      const response = await fetch('/api/clock/next' + (after === null ? '' : '?after=' + after));
      if (response.status === 200) {
        const tick = await response.json();
        after = tick.seq;
        view.show(tick);
        view.status('waiting for the next tick');
      }
    } catch (e) {
      view.status('request failed; trying again');
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

function startIframe(view) {
  window.iframeTick = tick => view.show(tick);
  window.iframeEnd = () => openFrame();
  let frame = null;
  function openFrame() {
    const next = document.createElement('iframe');
    next.hidden = true;
    next.title = 'forever frame';
    next.src = '/iframe/clock';
    document.body.appendChild(next);
    if (frame) frame.remove();
    frame = next;
    view.status('streaming through a hidden iframe');
  }
  openFrame();
}

function startWebSocket(view) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(scheme + '//' + location.host + '/ws/clock');
  socket.onopen = () => view.status('socket open');
  socket.onmessage = message => {
    const data = JSON.parse(message.data);
    if (data.type === 'tick') view.show(data);
  };
  socket.onclose = () => {
    view.status('socket closed; reopening');
    setTimeout(() => startWebSocket(view), 1000);
  };
}

startPolling(panel('poll'));
startLongPolling(panel('long-poll'));
startWebSocket(panel('websocket'));
// A forever frame present while the page loads would keep the browser "loading" for ever.
window.addEventListener('load', () => startIframe(panel('iframe')));
