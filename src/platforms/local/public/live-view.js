// nn-tutor live training view: draws streamed frames (Int8 grids in base64) on canvases — the
// decision boundary with the training points, the loss curve, and every neuron's thumbnail — and
// sends the owner's controls as ordinary button clicks (the server decides who may use them).
(function () {
  'use strict';
  const GRID = 100;
  const THUMB = 16;
  const NEG = [245, 147, 34];
  const MID = [232, 234, 235];
  const POS = [8, 119, 189];
  const CLASS = ['#f59322', '#0877bd', '#2ca02c', '#9c3fb5', '#d62728', '#17becf', '#8c564b', '#bcbd22'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const LIGHTEN = 0.35;
  const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const SPEEDS = [0.25, 0.5, 1, 2, 4, 8];

  const panels = new Map(); // sessionId -> view
  let connectionId = '';
  /** Frames drawn on any panel since the page opened (tests read it). */
  const stats = { framesDrawn: 0 };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function bytes(base64) {
    const raw = atob(base64);
    const out = new Int8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i) << 24 >> 24;
    return out;
  }
  const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  /** The Playground's orange–grey–blue scale for a score in [−1, 1]. */
  const scoreRgb = (s) => (s < 0 ? mix(MID, NEG, -s) : mix(MID, POS, s));
  const SCORE_LUT = Array.from({ length: 255 }, (_, i) => mix(scoreRgb((i - 127) / 127), [255, 255, 255], LIGHTEN).map(Math.round));
  const THUMB_LUT = Array.from({ length: 255 }, (_, i) => scoreRgb((i - 127) / 127).map(Math.round));

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error?.message || response.statusText);
    return response.json();
  }
  function myName() {
    try { return JSON.parse(localStorage.getItem('nn-tutor:user') || '{}').name || 'Guest'; } catch { return 'Guest'; }
  }
  function sendControl(view, action, value) {
    const body = { id: `train:live-ctl:${view.id}:${action}`, label: action, user: { name: myName() }, key: sessionStorage.getItem('nn-tutor:key') || undefined };
    if (value !== undefined) body.values = [String(value)];
    post('/api/click', body).catch((error) => setNote(view, `Could not send: ${error.message}`));
  }
  function setNote(view, text) {
    view.note.textContent = text;
  }

  function select(label, options, format, onChange) {
    const wrap = el('label', 'live-field');
    wrap.append(el('span', 'live-field-label', label));
    const s = el('select', 'live-select');
    for (const value of options) s.append(new Option(format(value), String(value)));
    s.addEventListener('change', () => onChange(s.value));
    wrap.append(s);
    return { wrap, select: s };
  }
  function button(label, className, onClick) {
    const b = el('button', `button ${className}`, label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  /** The panel of one live view: canvases, controls and state; drawn from frames as they come. */
  function createView(id) {
    const root = el('section', 'live-panel');
    root.dataset.liveId = id;
    root.dataset.framesDrawn = '0';
    root.setAttribute('aria-label', 'Live training view');
    const head = el('div', 'live-head');
    const title = el('div', 'live-title', 'Live training');
    const status = el('div', 'live-status', 'connecting…');
    status.setAttribute('role', 'status');
    head.append(title, status);
    const stage = el('div', 'live-stage');
    const boundary = el('canvas', 'live-boundary');
    boundary.width = 400;
    boundary.height = 400;
    boundary.setAttribute('role', 'img');
    boundary.setAttribute('aria-label', 'Decision boundary, updating as the network trains');
    const side = el('div', 'live-side');
    const loss = el('canvas', 'live-loss');
    loss.width = 480;
    loss.height = 200;
    loss.setAttribute('role', 'img');
    loss.setAttribute('aria-label', 'Loss curve: training loss and test loss per epoch');
    const legend = el('div', 'live-legend');
    legend.innerHTML = '<span class="k train"></span> training loss <span class="k test"></span> test loss <span class="k lr"></span> learning-rate change';
    const neurons = el('div', 'live-neurons');
    neurons.setAttribute('aria-label', 'What each neuron computes over the input plane');
    side.append(loss, legend, neurons);
    stage.append(boundary, side);

    const controls = el('div', 'live-controls');
    const view = {
      id, root, status, title, boundary, loss, neurons, controls,
      note: el('div', 'live-note'), setup: null, history: [], changes: [], frame: null, pending: null,
      isReady: false, buffered: [], runNumber: 0, ownerName: '', thumbs: [], ended: null,
    };
    const playPause = button('Play', 'primary live-play', () => sendControl(view, view.frame && view.frame.state === 'playing' ? 'pause' : 'play'));
    const step = button('Step one epoch', 'secondary live-step', () => sendControl(view, 'step'));
    const reset = button('Reset', 'secondary live-reset', () => sendControl(view, 'reset'));
    const speed = select('Speed', SPEEDS, (v) => `${v} epoch${v === 1 ? '' : 's'}/frame`, (v) => sendControl(view, 'speed', v));
    const lr = select('Learning rate', LEARNING_RATES, String, (v) => sendControl(view, 'lr', v));
    const reg = select('Regularisation', ['none', 'l1', 'l2'], (v) => (v === 'none' ? 'None' : v.toUpperCase()), (v) => sendControl(view, 'reg', v));
    const rate = select('Rate', REG_RATES, String, (v) => sendControl(view, 'reg-rate', v));
    const full = button('Full screen', 'secondary live-full', () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen?.().catch(() => root.classList.toggle('projector'));
    });
    const close = button('Close', 'secondary live-close', () => sendControl(view, 'close'));
    controls.append(playPause, step, reset, speed.wrap, lr.wrap, reg.wrap, rate.wrap, full, close);
    Object.assign(view, { playPause, speedSelect: speed.select, lrSelect: lr.select, regSelect: reg.select, rateSelect: rate.select });
    const who = el('div', 'live-who');
    root.append(head, stage, controls, who, view.note);
    view.who = who;
    return view;
  }

  function drawBoundary(view) {
    const { setup, frame, boundary } = view;
    if (!setup || !frame) return;
    const ctx = boundary.getContext('2d');
    const image = new ImageData(GRID, GRID);
    const grid = view.grid;
    for (let c = 0; c < GRID * GRID; c++) {
      let rgb;
      if (setup.kind === 'multiclass') {
        const cls = CLASS[grid[2 * c] % CLASS.length];
        rgb = mix([255, 255, 255], cls, 0.15 + 0.5 * Math.max(0, grid[2 * c + 1]) / 127);
      } else rgb = SCORE_LUT[grid[c] + 127];
      image.data[4 * c] = rgb[0];
      image.data[4 * c + 1] = rgb[1];
      image.data[4 * c + 2] = rgb[2];
      image.data[4 * c + 3] = 255;
    }
    view.offscreen ??= document.createElement('canvas');
    view.offscreen.width = GRID;
    view.offscreen.height = GRID;
    view.offscreen.getContext('2d').putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(view.offscreen, 0, 0, boundary.width, boundary.height);
    const xy = view.pointsXy;
    const labels = view.pointLabels;
    const size = boundary.width;
    for (let i = 0; i < labels.length; i++) {
      const x = ((xy[2 * i] / 127) * 0.5 + 0.5) * size;
      const y = (0.5 - (xy[2 * i + 1] / 127) * 0.5) * size;
      const label = labels[i];
      const rgb = setup.kind === 'multiclass' ? CLASS[label % CLASS.length] : setup.kind === 'binary' ? (label ? POS : NEG) : scoreRgb(label / 127);
      ctx.beginPath();
      ctx.arc(x, y, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${rgb.map(Math.round).join(',')})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
  }

  function drawLoss(view) {
    const canvas = view.loss;
    const ctx = canvas.getContext('2d');
    const w = canvas.width;
    const h = canvas.height;
    const pad = { left: 44, right: 10, top: 10, bottom: 24 };
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    const history = view.history;
    const maxEpoch = Math.max(10, history.length);
    let maxLoss = 0;
    for (const row of history) maxLoss = Math.max(maxLoss, Number.isFinite(row[1]) ? row[1] : 0, Number.isFinite(row[2]) ? row[2] : 0);
    maxLoss = maxLoss > 0 ? maxLoss * 1.08 : 1;
    const px = (epoch) => pad.left + ((epoch - 1) / Math.max(1, maxEpoch - 1)) * (w - pad.left - pad.right);
    const py = (loss) => pad.top + (1 - Math.min(loss, maxLoss) / maxLoss) * (h - pad.top - pad.bottom);
    ctx.strokeStyle = '#c9cdd1';
    ctx.lineWidth = 1;
    ctx.strokeRect(pad.left, pad.top, w - pad.left - pad.right, h - pad.top - pad.bottom);
    ctx.fillStyle = '#555';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(maxLoss.toFixed(maxLoss < 1 ? 2 : 1), pad.left - 4, pad.top + 4);
    ctx.fillText('0', pad.left - 4, h - pad.bottom);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(`epoch ${history.length}`, (pad.left + w - pad.right) / 2, h - pad.bottom + 6);
    // learning-rate changes: a dashed line where the new rate starts
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = '#9c3fb5';
    ctx.fillStyle = '#9c3fb5';
    ctx.textAlign = 'left';
    for (let i = 1; i < history.length; i++) {
      if (history[i][3] === history[i - 1][3]) continue;
      const x = px(history[i][0]);
      ctx.beginPath();
      ctx.moveTo(x, pad.top);
      ctx.lineTo(x, h - pad.bottom);
      ctx.stroke();
      ctx.fillText(`lr ${history[i][3]}`, Math.min(x + 3, w - 60), pad.top + 2);
    }
    ctx.setLineDash([]);
    for (const [column, colour] of [[2, '#9aa0a6'], [1, '#1f2937']]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      history.forEach((row, i) => {
        const v = Number.isFinite(row[column]) ? row[column] : maxLoss;
        if (i === 0) ctx.moveTo(px(row[0]), py(v));
        else ctx.lineTo(px(row[0]), py(v));
      });
      ctx.stroke();
    }
  }

  function buildThumbs(view) {
    view.neurons.replaceChildren();
    view.thumbs = [];
    const sizes = view.setup.layerSizes.slice(0, -1);
    sizes.forEach((count, layer) => {
      const column = el('div', 'live-layer');
      column.append(el('div', 'live-layer-name', layer === 0 ? 'inputs' : `hidden ${layer}`));
      for (let j = 0; j < count; j++) {
        const c = el('canvas', 'live-thumb');
        c.width = THUMB;
        c.height = THUMB;
        c.title = layer === 0 ? view.setup.features[j] : `layer ${layer}, neuron ${j + 1}`;
        column.append(c);
        view.thumbs.push(c);
      }
      view.neurons.append(column);
    });
  }

  function drawThumbs(view) {
    const data = view.neuronBytes;
    if (!data) return;
    const cells = THUMB * THUMB;
    view.thumbs.forEach((canvas, n) => {
      const image = new ImageData(THUMB, THUMB);
      for (let c = 0; c < cells; c++) {
        const rgb = THUMB_LUT[data[n * cells + c] + 127];
        image.data[4 * c] = rgb[0];
        image.data[4 * c + 1] = rgb[1];
        image.data[4 * c + 2] = rgb[2];
        image.data[4 * c + 3] = 255;
      }
      canvas.getContext('2d').putImageData(image, 0, 0);
    });
  }

  function setSelect(s, value) {
    if (document.activeElement === s) return;
    const text = String(value);
    if (![...s.options].some((o) => o.value === text)) s.append(new Option(text, text));
    s.value = text;
  }

  /** Draws the newest frame (once per animation frame however many arrived) and counts it. */
  function draw(view) {
    view.isDrawScheduled = false;
    const frame = view.frame;
    if (!frame || !view.setup) return;
    drawBoundary(view);
    drawThumbs(view);
    drawLoss(view);
    const state = view.ended ? 'stopped' : frame.state;
    view.root.dataset.state = state;
    view.root.dataset.epoch = String(frame.epoch);
    view.root.dataset.epochsInCurve = String(view.history.length);
    view.root.dataset.learningRate = String(frame.learningRate);
    const last = view.history[view.history.length - 1];
    const lossText = last ? ` · training loss ${last[1].toFixed(3)} · test loss ${last[2].toFixed(3)}` : '';
    view.status.textContent = view.ended
      ? `Stopped at epoch ${frame.epoch}: ${view.ended.sentence}${lossText}`
      : `Epoch ${frame.epoch} · ${state === 'finished' ? `finished (${frame.stopMessage || 'done'})` : state}${lossText}`;
    view.playPause.textContent = frame.state === 'playing' ? 'Pause' : 'Play';
    setSelect(view.speedSelect, frame.epochsPerFrame);
    setSelect(view.lrSelect, frame.learningRate);
    setSelect(view.regSelect, frame.regularization);
    setSelect(view.rateSelect, frame.regRate);
    stats.framesDrawn += 1;
    view.root.dataset.framesDrawn = String(Number(view.root.dataset.framesDrawn) + 1);
  }
  function scheduleDraw(view) {
    if (view.isDrawScheduled) return;
    view.isDrawScheduled = true;
    requestAnimationFrame(() => draw(view));
  }

  function applySetup(view, setup) {
    if (setup.runNumber !== view.runNumber) view.history = [];
    view.runNumber = setup.runNumber;
    view.setup = setup;
    view.pointsXy = bytes(setup.pointsXy);
    view.pointLabels = bytes(setup.pointLabels);
    buildThumbs(view);
  }

  /** Applies one frame; a gap in the loss history (a skipped frame) fetches the whole state again. */
  function applyFrame(view, frame) {
    if (frame.runNumber !== view.runNumber) return;
    if (view.frame && frame.seq <= view.frame.seq) return;
    for (const row of frame.losses) {
      if (row[0] <= view.history.length) continue;
      if (row[0] !== view.history.length + 1) { void load(view); return; }
      view.history.push(row);
    }
    view.frame = frame;
    view.grid = bytes(frame.grid);
    view.neuronBytes = bytes(frame.neurons);
    scheduleDraw(view);
  }

  /** Fetches the view's whole state (opening it, or after missing frames). */
  async function load(view) {
    const response = await fetch(`/api/live/${encodeURIComponent(view.id)}`);
    if (!response.ok) {
      view.status.textContent = 'This live view is not running any more.';
      view.root.dataset.state = 'stopped';
      return;
    }
    const snapshot = await response.json();
    view.ownerName = snapshot.ownerName;
    view.who.textContent = `Controls: ${snapshot.ownerName} (who started it) or a lecturer. Everyone here sees the same view.`;
    if (snapshot.setup) applySetup(view, snapshot.setup);
    view.runNumber = snapshot.runNumber;
    view.history = snapshot.history;
    view.frame = null;
    if (snapshot.frame) applyFrame(view, snapshot.frame);
    if (snapshot.ended) markEnded(view, snapshot.ended);
    view.isReady = true;
    for (const frame of view.buffered.splice(0)) applyFrame(view, frame);
  }

  function markEnded(view, ended) {
    view.ended = ended;
    view.root.classList.add('ended');
    for (const control of view.controls.querySelectorAll('button:not(.live-full), select')) control.disabled = true;
    if (view.frame) scheduleDraw(view);
    else view.status.textContent = `This live view has stopped: ${ended.sentence}.`;
  }

  async function register(view, isWatching) {
    if (!connectionId || view.ended) return;
    try {
      await post(`/api/live/${encodeURIComponent(view.id)}/watch`, { connectionId, watching: isWatching });
    } catch (error) {
      if (isWatching) setNote(view, `Not receiving frames: ${error.message}`);
    }
  }

  /** The panel of a live view (the same element every time the message is redrawn). */
  function panelFor(sessionId) {
    let view = panels.get(sessionId);
    if (!view) {
      view = createView(sessionId);
      panels.set(sessionId, view);
      void register(view, !document.hidden).then(() => load(view));
    }
    return view.root;
  }

  /** The page's event stream (re)connected: register every open panel with the new stream. */
  function connected(id) {
    connectionId = id;
    for (const view of panels.values()) void register(view, !document.hidden).then(() => load(view));
  }

  /** An event from the stream: `live-frame`, `live-setup`, `live-ended` or `live-notice`. */
  function receive(type, data) {
    const view = panels.get(data.sessionId);
    if (!view) return;
    if (type === 'live-setup') applySetup(view, data);
    else if (type === 'live-frame') (view.isReady ? applyFrame(view, data) : view.buffered.push(data));
    else if (type === 'live-ended') markEnded(view, data);
    else if (type === 'live-notice') setNote(view, data.message);
  }

  // a hidden tab is not watching: the view stops after a minute unless someone else is
  document.addEventListener('visibilitychange', () => {
    for (const view of panels.values()) void register(view, !document.hidden);
  });

  window.nnLiveView = { panelFor, connected, receive, stats };
})();
