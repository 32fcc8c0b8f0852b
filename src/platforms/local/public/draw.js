// nn-tutor web chat: the `/dataset draw` canvas. Points on the Playground's −6…6 plane, blue (+1)
// and orange (−1); a brush that sprays points while dragging; undo, clear, a noise slider; "Train on
// this" sends the points to /train as a CSV attachment (x1,x2,label), the way an upload is sent.
// app.js asks `nnDraw.widgetFor(messageId, widget, sendCommand)` when it draws a message carrying
// the widget; the same element is returned on every redraw, so a drawing survives updates, and the
// points are kept in the tab's session storage, so it survives a reload too.
(function () {
  'use strict';
  const PLANE = 6; // the plane spans −6…6 on both axes
  const COLOURS = { '1': '#0877bd', '-1': '#f59322' };
  const NAMES = { '1': 'blue', '-1': 'orange' };
  const FILE_NAME = 'drawn-points.csv';
  const BRUSH_RADIUS = 0.6; // plane units around the pointer
  const BRUSH_POINTS_PER_MOVE = 2;
  const BRUSH_STEP_PX = 6; // spray again once the pointer has moved this far
  const NOISE_SD_PER_PERCENT = 3 / 100; // 50 % noise = standard deviation 1.5 (the Playground's circle noise at 50 % is about as wide)
  const KEY_STEP = 0.5;
  const MIN_PER_CLASS = 2;
  const MARGIN = { left: 34, right: 10, top: 10, bottom: 30 }; // CSS px around the plot, for tick labels
  const widgets = new Map();
  let nextId = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A standard normal number (Box–Muller): each point's own noise direction, scaled by the slider. */
  function gaussian() {
    const u = 1 - Math.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
  }

  const clamp = (v) => Math.max(-PLANE, Math.min(PLANE, v));

  /** A toggle group (aria-pressed buttons); `onPick(value)` runs on a press. */
  function toggleGroup(label, choices, onPick) {
    const group = el('div', 'draw-toggle');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', label);
    const buttons = choices.map(({ value, text, className }) => {
      const b = el('button', `button secondary ${className || ''}`.trim(), text);
      b.type = 'button';
      b.dataset.value = value;
      b.addEventListener('click', () => onPick(value));
      group.append(b);
      return b;
    });
    const show = (value) => buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.value === value)));
    return { group, show };
  }

  /** A drawing kept in this tab's session storage, so a reload does not lose it (points that fail a check are dropped). */
  function loadSaved(key, maxPoints) {
    try {
      const saved = JSON.parse(sessionStorage.getItem(key) || 'null');
      if (!saved || !Array.isArray(saved.points)) return undefined;
      const isFinite4 = (p) => [p.x, p.y, p.nx, p.ny].every((v) => typeof v === 'number' && Number.isFinite(v));
      const points = saved.points.filter((p) => p && isFinite4(p) && (p.label === 1 || p.label === -1)).slice(0, maxPoints)
        .map((p) => ({ x: clamp(p.x), y: clamp(p.y), label: p.label, nx: p.nx, ny: p.ny }));
      const noise = Math.max(0, Math.min(50, Math.round(Number(saved.noise) / 5) * 5 || 0));
      return { points, noise, options: typeof saved.options === 'string' ? saved.options.slice(0, 300) : '' };
    } catch {
      return undefined;
    }
  }

  function createWidget(messageId, widget, sendCommand) {
    const maxPoints = Math.max(1, Number(widget.maxPoints) || 2000);
    const id = `draw-${++nextId}`;
    const storageKey = `nn-tutor:draw:${messageId}`;
    const saved = loadSaved(storageKey, maxPoints);
    /** Points as placed: x, y on the plane, label ±1, and a fixed noise direction (nx, ny). */
    let points = saved ? saved.points : [];
    const undoStack = []; // each entry restores `points` as it was before one stroke or clear
    let colour = 1;
    let tool = 'point';
    let noisePercent = saved ? saved.noise : 0;
    let cursor = { x: 0, y: 0 }; // keyboard cursor on the plane
    let stroke = null; // the brush stroke being drawn: { pointerId, lastPx }
    let isFocused = false;

    const root = el('section', 'draw-widget');
    root.setAttribute('aria-label', 'Draw your own dataset');
    const canvas = el('canvas', 'draw-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application'); // it takes arrow keys and Space itself
    canvas.setAttribute('aria-label', 'Drawing area, the plane from −6 to 6. Click or tap to add a point; with the keyboard, arrow keys move the cursor and Space adds a point.');
    canvas.setAttribute('aria-describedby', `${id}-status`);

    const colourToggle = toggleGroup('Colour of new points', [
      { value: '1', text: 'Blue', className: 'draw-blue' },
      { value: '-1', text: 'Orange', className: 'draw-orange' },
    ], (value) => { colour = Number(value); refresh(); });
    const toolToggle = toggleGroup('Tool', [
      { value: 'point', text: 'Point' },
      { value: 'brush', text: 'Brush' },
    ], (value) => { tool = value; refresh(); });

    const undoButton = el('button', 'button secondary draw-undo', 'Undo');
    undoButton.type = 'button';
    const clearButton = el('button', 'button secondary draw-clear', 'Clear');
    clearButton.type = 'button';

    const noiseId = `${id}-noise`;
    const noiseLabel = el('label', 'draw-noise-label');
    noiseLabel.htmlFor = noiseId;
    const noiseValue = el('output', 'draw-noise-value', '0 %');
    noiseLabel.append('Noise ', noiseValue);
    const noise = el('input', 'draw-noise');
    Object.assign(noise, { type: 'range', min: '0', max: '50', step: '5', value: String(noisePercent), id: noiseId });

    const status = el('div', 'draw-status');
    status.id = `${id}-status`;
    status.setAttribute('aria-live', 'polite');

    const optionsId = `${id}-options`;
    const optionsLabel = el('label', 'draw-options-label', 'Training options');
    optionsLabel.htmlFor = optionsId;
    const optionsInput = el('input', 'draw-options');
    Object.assign(optionsInput, { id: optionsId, type: 'text', placeholder: 'e.g. activation:relu layers:8,8', spellcheck: false, autocapitalize: 'off', value: saved ? saved.options : '' });
    optionsInput.addEventListener('change', () => keep());
    const trainButton = el('button', 'button primary draw-train', 'Train on this');
    trainButton.type = 'button';
    const note = el('div', 'draw-note');
    note.setAttribute('role', 'status');

    const tools = el('div', 'draw-tools');
    tools.append(colourToggle.group, toolToggle.group, undoButton, clearButton);
    const noiseRow = el('div', 'draw-noise-row');
    noiseRow.append(noiseLabel, noise);
    const trainRow = el('div', 'draw-train-row');
    trainRow.append(optionsLabel, optionsInput, trainButton);
    root.append(canvas, status, tools, noiseRow, trainRow, note);

    // ---- geometry: CSS pixels of the canvas <-> the plane ----
    const plotOf = () => {
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      return { left: MARGIN.left, top: MARGIN.top, width: Math.max(1, w - MARGIN.left - MARGIN.right), height: Math.max(1, h - MARGIN.top - MARGIN.bottom) };
    };
    const toPx = (x, y, plot) => [plot.left + ((x + PLANE) / (2 * PLANE)) * plot.width, plot.top + ((PLANE - y) / (2 * PLANE)) * plot.height];
    function toPlane(event) {
      const rect = canvas.getBoundingClientRect();
      const plot = plotOf();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      return { x: ((px - plot.left) / plot.width) * 2 * PLANE - PLANE, y: PLANE - ((py - plot.top) / plot.height) * 2 * PLANE, px, py };
    }
    const isOnPlane = (p) => Math.abs(p.x) <= PLANE && Math.abs(p.y) <= PLANE;

    /** Where a point is shown and sent: its place moved along its own noise direction by the slider. */
    const noisy = (p) => {
      const sd = noisePercent * NOISE_SD_PER_PERCENT;
      return { x: clamp(p.x + sd * p.nx), y: clamp(p.y + sd * p.ny), label: p.label };
    };

    function draw() {
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      if (!w || !h) return;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
      }
      const ctx = canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const plot = plotOf();
      ctx.fillStyle = '#f3f5f8';
      ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#4f5b69';
      for (let v = -PLANE; v <= PLANE; v += 2) {
        const [gx] = toPx(v, 0, plot);
        const [, gy] = toPx(0, v, plot);
        ctx.strokeStyle = v === 0 ? '#8a97a6' : '#dde3ea';
        ctx.lineWidth = v === 0 ? 1.5 : 1;
        ctx.beginPath();
        ctx.moveTo(gx, plot.top);
        ctx.lineTo(gx, plot.top + plot.height);
        ctx.moveTo(plot.left, gy);
        ctx.lineTo(plot.left + plot.width, gy);
        ctx.stroke();
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        ctx.fillText(String(v).replace('-', '−'), gx, plot.top + plot.height + 4);
        ctx.textAlign = 'right';
        ctx.textBaseline = 'middle';
        ctx.fillText(String(v).replace('-', '−'), plot.left - 5, gy);
      }
      ctx.strokeStyle = '#8a97a6';
      ctx.lineWidth = 1;
      ctx.strokeRect(plot.left, plot.top, plot.width, plot.height);
      ctx.fillStyle = '#16202b';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText('x1', plot.left + plot.width, plot.top + plot.height + 28);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText('x2', 2, plot.top);
      // smaller dots once the plane gets crowded, so a brushed cloud still shows its shape
      const radius = Math.max(2.5, Math.min(6, plot.width / 70) * (points.length > 400 ? 0.6 : 1));
      for (const p of points) {
        const shown = noisy(p);
        const [px, py] = toPx(shown.x, shown.y, plot);
        ctx.beginPath();
        ctx.arc(px, py, radius, 0, 2 * Math.PI);
        ctx.fillStyle = COLOURS[String(p.label)];
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      if (isFocused) {
        const [cx, cy] = toPx(cursor.x, cursor.y, plot);
        ctx.strokeStyle = COLOURS[String(colour)];
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(cx - 9, cy);
        ctx.lineTo(cx + 9, cy);
        ctx.moveTo(cx, cy - 9);
        ctx.lineTo(cx, cy + 9);
        ctx.stroke();
      }
    }

    function counts() {
      const blue = points.filter((p) => p.label === 1).length;
      return { blue, orange: points.length - blue };
    }

    /** Keeps the drawing for this tab (a reload shows it again); a full storage only loses that convenience. */
    function keep() {
      try {
        sessionStorage.setItem(storageKey, JSON.stringify({ points, noise: noisePercent, options: optionsInput.value }));
      } catch { /* storage full or disabled */ }
    }

    function refresh() {
      keep();
      colourToggle.show(String(colour));
      toolToggle.show(tool);
      const { blue, orange } = counts();
      const full = points.length >= maxPoints ? ` (the most this bot takes: ${maxPoints})` : '';
      status.textContent = `${points.length} point${points.length === 1 ? '' : 's'}: ${blue} blue, ${orange} orange${full}`;
      root.dataset.points = String(points.length);
      root.dataset.blue = String(blue);
      root.dataset.orange = String(orange);
      undoButton.disabled = undoStack.length === 0;
      clearButton.disabled = points.length === 0;
      noiseValue.textContent = `${noisePercent} %`;
      draw();
    }

    /** Adds points of one label at (x, y) (the brush spreads them in a disc); false once the drawing is full. */
    function addPoints(x, y, label, count, spread) {
      for (let i = 0; i < count; i++) {
        if (points.length >= maxPoints) return false;
        const r = spread * Math.sqrt(Math.random());
        const angle = 2 * Math.PI * Math.random();
        points.push({ x: clamp(x + r * Math.cos(angle)), y: clamp(y + r * Math.sin(angle)), label, nx: gaussian(), ny: gaussian() });
      }
      return true;
    }

    const remember = () => undoStack.push(points.slice());
    const labelFor = (event) => (event.shiftKey ? -colour : colour);

    canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 && event.pointerType === 'mouse') return;
      const at = toPlane(event);
      if (!isOnPlane(at)) return;
      event.preventDefault();
      canvas.focus({ preventScroll: true });
      cursor = { x: at.x, y: at.y };
      remember();
      if (tool === 'brush') {
        stroke = { pointerId: event.pointerId, lastPx: [at.px, at.py], label: labelFor(event) };
        canvas.setPointerCapture(event.pointerId);
        addPoints(at.x, at.y, stroke.label, BRUSH_POINTS_PER_MOVE, BRUSH_RADIUS);
      } else {
        addPoints(at.x, at.y, labelFor(event), 1, 0);
      }
      note.textContent = '';
      refresh();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!stroke || event.pointerId !== stroke.pointerId) return;
      const at = toPlane(event);
      if (Math.hypot(at.px - stroke.lastPx[0], at.py - stroke.lastPx[1]) < BRUSH_STEP_PX || !isOnPlane(at)) return;
      stroke.lastPx = [at.px, at.py];
      addPoints(at.x, at.y, stroke.label, BRUSH_POINTS_PER_MOVE, BRUSH_RADIUS);
      refresh();
    });
    // a stroke ends when its pointer lifts, is cancelled or loses the capture; the capture is given
    // back at once so the next tap (e.g. on Undo) is not routed to the canvas
    const endStroke = (event) => {
      if (!stroke || event.pointerId !== stroke.pointerId) return;
      stroke = null;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    };
    canvas.addEventListener('pointerup', endStroke);
    canvas.addEventListener('pointercancel', endStroke);
    canvas.addEventListener('lostpointercapture', endStroke);

    // the keyboard cursor shows only when the keyboard brought the focus (not after a click or tap)
    canvas.addEventListener('focus', () => { isFocused = canvas.matches(':focus-visible'); draw(); });
    canvas.addEventListener('blur', () => { isFocused = false; draw(); });
    canvas.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? 2 * KEY_STEP : KEY_STEP;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[event.key] || event.key === ' ' || event.key === 'Enter') isFocused = true;
      if (moves[event.key]) {
        event.preventDefault();
        cursor = { x: clamp(cursor.x + moves[event.key][0]), y: clamp(cursor.y + moves[event.key][1]) };
        draw();
      } else if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        remember();
        if (tool === 'brush') addPoints(cursor.x, cursor.y, colour, 5, BRUSH_RADIUS);
        else addPoints(cursor.x, cursor.y, colour, 1, 0);
        refresh();
      }
    });

    undoButton.addEventListener('click', () => {
      if (!undoStack.length) return;
      points = undoStack.pop();
      note.textContent = '';
      refresh();
    });
    clearButton.addEventListener('click', () => {
      if (!points.length) return;
      remember();
      points = [];
      note.textContent = 'Cleared. Undo brings the points back.';
      refresh();
    });
    noise.addEventListener('input', () => { noisePercent = Number(noise.value); refresh(); });

    /** The points as sent: CSV x1,x2,label with the noise applied, three decimals. */
    function toCsv() {
      const rows = points.map(noisy).map((p) => `${p.x.toFixed(3)},${p.y.toFixed(3)},${p.label}`);
      return `x1,x2,label\n${rows.join('\n')}\n`;
    }

    trainButton.addEventListener('click', async () => {
      const { blue, orange } = counts();
      if (blue < MIN_PER_CLASS || orange < MIN_PER_CLASS) {
        note.textContent = `Add at least ${MIN_PER_CLASS} blue and ${MIN_PER_CLASS} orange points first (you have ${blue} blue, ${orange} orange): the network learns a boundary between two colours.`;
        return;
      }
      const options = optionsInput.value.replace(/\s+/g, ' ').trim().replace(/^\/?train\b\s*/i, '');
      const text = `/train data:${FILE_NAME}${options ? ` ${options}` : ''}`;
      const attachment = { name: FILE_NAME, contentType: 'text/csv', base64: btoa(toCsv()) };
      if (trainButton.getAttribute('aria-disabled') === 'true') return;
      trainButton.setAttribute('aria-disabled', 'true');
      note.textContent = `Sending ${points.length} points to /train…`;
      try {
        await sendCommand(text, [attachment]);
        note.textContent = `Sent ${points.length} points: the answer appears below.`;
      } catch (error) {
        note.textContent = `Could not send: ${error.message}`;
      } finally {
        setTimeout(() => trainButton.removeAttribute('aria-disabled'), 1500);
      }
    });

    // Enter in the options box trains, as Enter in the composer sends
    optionsInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      trainButton.click();
    });

    new ResizeObserver(() => draw()).observe(canvas);
    refresh();
    // test hook: the CSV that "Train on this" would send (same function, nothing else)
    root.drawnCsv = toCsv;
    return root;
  }

  /** The drawing widget of one message, made once and returned again when the message is redrawn. */
  function widgetFor(messageId, widget, sendCommand) {
    if (!widgets.has(messageId)) widgets.set(messageId, createWidget(messageId, widget, sendCommand));
    return widgets.get(messageId);
  }

  window.nnDraw = { widgetFor, FILE_NAME };
})();
