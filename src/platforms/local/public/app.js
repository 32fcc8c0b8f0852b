// nn-tutor local web chat: a shared channel over server-sent events, slash-command autocomplete,
// progress bars, inline images with a lightbox, and buttons that route back to their command.
(function () {
  'use strict';
  const $ = (selector) => document.querySelector(selector);
  const messagesEl = $('#messages');
  const logEl = $('#log');
  const { createIcon, labelWithIcons, plainLabel, replaceSymbolsIn } = window.nnIcons;
  const input = $('#input');
  const suggestionsEl = $('#suggestions');
  const hintEl = $('#hint');
  const params = new URLSearchParams(location.search);

  // ---- who am I -------------------------------------------------------------------------
  const stored = JSON.parse(localStorage.getItem('nn-tutor:user') || 'null') || {};
  // The server picks who we are (an HttpOnly session cookie); `id` is the opaque id it shows others.
  const me = { id: '', name: params.get('name') || stored.name || '' };
  // The lecturer opens the page with ?key=…; keep the key for this tab and take it out of the address
  // bar at once, so it is not readable on the projector.
  const lecturerKey = params.get('key') || sessionStorage.getItem('nn-tutor:key') || undefined;
  if (params.has('key')) {
    sessionStorage.setItem('nn-tutor:key', params.get('key'));
    params.delete('key');
    const query = params.toString();
    window.history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  const saveMe = () => localStorage.setItem('nn-tutor:user', JSON.stringify({ name: me.name }));

  function colourFor(text) {
    let hash = 0;
    for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return `hsl(${hash % 360} 55% 42%)`;
  }
  function initials(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
  }

  // ---- messages -------------------------------------------------------------------------
  const elements = new Map();
  const isNearBottom = () => messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 160;
  // Follow new content while the reader is at the bottom; stop following once they scroll up to read.
  let isFollowing = true;
  let pinnedNode = null; // a tall live question shown from its top still counts as following
  const isAtPinnedTop = () => Boolean(pinnedNode && pinnedNode.isConnected && Math.abs(pinnedNode.getBoundingClientRect().top - messagesEl.getBoundingClientRect().top) < 4);
  messagesEl.addEventListener('scroll', () => { isFollowing = isNearBottom() || isAtPinnedTop(); });
  const scrollToBottom = () => { messagesEl.scrollTop = messagesEl.scrollHeight; isFollowing = true; };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function timeText(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  // ---- countdowns -----------------------------------------------------------------------
  // A reply may carry a countdown (times on the server's clock). Every message showing the same
  // clockId follows the newest reply's state, so a live question's clock pauses, resumes and stops
  // with the lecturer's buttons. One ticker updates the clocks that are on the page and stops when
  // none is running: a replaced or removed message is no longer on the page, so it never ticks on.
  const TICK_MS = 250;
  const URGENT_MS = 5000;
  let clockOffsetMs = 0; // the server's clock minus this browser's
  const clocks = new Map(); // clockId -> { countdown, createdAtMs } of the newest message with it
  const ownCountdowns = new WeakMap(); // countdown element -> the countdown of its own message
  let ticker;

  function noteClock(message) {
    const countdown = message.countdown;
    if (!countdown || !countdown.clockId) return;
    const known = clocks.get(countdown.clockId);
    if (known && known.createdAtMs > message.createdAtMs) return;
    clocks.set(countdown.clockId, { countdown, createdAtMs: message.createdAtMs });
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** Shows the clock's state now; returns true while it is still running. */
  function updateCountdown(box) {
    const own = ownCountdowns.get(box);
    const countdown = (own.clockId && clocks.get(own.clockId)?.countdown) || own;
    let remainingMs = 0;
    let state = 'over';
    if (countdown.status === 'paused') {
      remainingMs = Math.max(0, countdown.pausedRemainingMs || 0);
      state = 'paused';
    } else if (countdown.status !== 'closed') {
      remainingMs = Math.max(0, countdown.endsAtMs - (Date.now() + clockOffsetMs));
      // The clock offset is measured on a message that took time to arrive, so it can overstate
      // what is left by that delay: never show more than the question's whole time.
      if (countdown.totalMs) remainingMs = Math.min(remainingMs, countdown.totalMs);
      if (remainingMs > 0) state = 'running';
    }
    const seconds = Math.ceil(remainingMs / 1000);
    const label = countdown.label || 'Time left';
    box.dataset.state = state;
    box.classList.toggle('urgent', state === 'running' && remainingMs <= URGENT_MS);
    // words, not emoji: a projector's fonts may lack them
    setText(box.querySelector('.countdown-label'), state === 'paused' ? 'Paused' : state === 'over' ? '' : `${label} in`);
    setText(box.querySelector('.countdown-figure'), state === 'over' ? "Time's up!" : `${seconds} s${state === 'paused' ? ' left' : ''}`);
    const fill = box.querySelector('.countdown-fill');
    const fraction = countdown.totalMs ? Math.min(1, remainingMs / countdown.totalMs) : state === 'over' ? 0 : 1;
    fill.style.width = `${(fraction * 100).toFixed(1)}%`;
    box.setAttribute('aria-label', state === 'over' ? `${label}: time's up` : `${label} in ${seconds} seconds${state === 'paused' ? ' (paused)' : ''}`);
    return state === 'running';
  }

  function refreshCountdowns() {
    let isAnyRunning = false;
    for (const box of messagesEl.querySelectorAll('.countdown')) isAnyRunning = updateCountdown(box) || isAnyRunning;
    if (isAnyRunning && !ticker) ticker = setInterval(refreshCountdowns, TICK_MS);
    if (!isAnyRunning && ticker) { clearInterval(ticker); ticker = undefined; }
  }

  function renderCountdown(countdown) {
    const box = el('div', 'countdown');
    box.setAttribute('role', 'timer');
    const bar = el('div', 'countdown-bar');
    bar.append(el('div', 'countdown-fill'));
    box.append(el('div', 'countdown-label'), el('div', 'countdown-figure'), bar);
    ownCountdowns.set(box, countdown);
    updateCountdown(box);
    return box;
  }

  /** Answer choices (A–E) get a row of their own, big enough to hit with a thumb or read on a projector. */
  const isChoiceRow = (row) => row.length > 0 && row.every((b) => /^[A-E]$/.test(b.label));
  const versions = new Map(); // message id -> how many times it was drawn (tests wait for a new version)

  /** A button drawn from a reply's button: symbols become icons, the words name it. */
  function renderButton(button, messageId) {
    if (button.url) {
      const link = el('a', 'button link');
      link.append(labelWithIcons(button.label), createIcon('external', ''));
      link.href = button.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.setAttribute('aria-label', `${plainLabel(button.label)} (opens in a new tab)`);
      return link;
    }
    const b = el('button', `button ${button.style || 'secondary'}`);
    b.append(labelWithIcons(button.label));
    if (/^[A-E]$/.test(button.label)) b.classList.add('choice');
    b.type = 'button';
    b.dataset.component = button.id;
    b.disabled = Boolean(button.disabled);
    b.addEventListener('click', () => clickComponent({ id: button.id, label: plainLabel(button.label), messageId }, b));
    return b;
  }

  /** The live quiz's control row (Pause, Reveal now, End…: ids `quiz:lc:`). */
  const isLecturerControlRow = (row) => row.some((b) => String(b.id || '').startsWith('quiz:lc:'));
  /**
   * This screen runs the live quiz: it holds the lecturer key, or the message answers this person.
   * Students' phones leave the lecturer's controls out (the server refuses them anyway), so their
   * thumbs find only the answers.
   */
  const isMyLiveQuiz = (message) => Boolean(lecturerKey) || Boolean(message.inReplyTo && message.inReplyTo.name === me.name);

  /** An open live question (a clock and the `quiz:lc:` controls) on the lecturer's screen shows how phones join. */
  function isLecturersLiveQuestion(message) {
    const hasControls = (message.buttons || []).some(isLecturerControlRow);
    const isOpen = Boolean(message.countdown) && message.countdown.status !== 'closed';
    return hasControls && isOpen && isMyLiveQuiz(message);
  }

  function renderMessage(message) {
    const article = el('article', 'message');
    article.dataset.id = message.id;
    versions.set(message.id, (versions.get(message.id) || 0) + 1);
    article.dataset.version = String(versions.get(message.id));
    article.classList.toggle('bot', message.author.isBot);
    article.classList.toggle('mine', !message.author.isBot && message.author.id === me.id);
    article.classList.toggle('ephemeral', Boolean(message.visibleTo));
    article.classList.toggle('error', Boolean(message.error));
    article.classList.toggle('pending', Boolean(message.isPending));
    // a question with a picture ("read the chart"): question and chart side by side, so both fit on one screen
    const hasChoices = (message.buttons || []).some(isChoiceRow);
    article.classList.toggle('question', hasChoices && Boolean(message.images && message.images.length));

    const avatar = el('div', 'avatar', message.author.isBot ? '' : initials(message.author.name));
    if (message.author.isBot) avatar.innerHTML = '<img src="/favicon.svg" alt="">';
    else avatar.style.background = colourFor(message.author.name);
    article.append(avatar);

    const body = el('div', 'body');
    const meta = el('div', 'meta');
    meta.append(el('span', 'author', message.author.name));
    if (message.inReplyTo) meta.append(el('span', 'reply-to', `answering ${message.inReplyTo.name} · ${message.inReplyTo.command}`));
    meta.append(el('time', 'time', timeText(message.createdAtMs)));
    if (message.visibleTo) meta.append(el('span', 'badge', 'only you can see this'));
    body.append(meta);
    // a 'closed' clock only stops the same clock on earlier messages; it shows nothing of its own
    if (message.countdown && message.countdown.status !== 'closed') body.append(renderCountdown(message.countdown));

    if (message.author.isBot) {
      if (message.text) {
        const text = el('div', 'text');
        text.append(window.renderMarkdown(message.text));
        replaceSymbolsIn(text);
        body.append(text);
      }
    } else {
      const line = message.text || '';
      body.append(el('div', line.startsWith('/') ? 'text command-text' : 'text', line));
    }

    if (message.live && window.nnLiveView) {
      article.classList.add('with-live');
      body.append(window.nnLiveView.panelFor(message.live.sessionId));
    }

    if (message.progress) {
      const progress = el('div', 'progress');
      const bar = el('div', 'bar');
      const fill = el('div', 'fill');
      fill.style.width = `${Math.max(4, Math.round(message.progress.fraction * 100))}%`;
      bar.append(fill);
      progress.append(bar, el('div', 'progress-text', message.progress.text));
      progress.setAttribute('role', 'progressbar');
      progress.setAttribute('aria-valuenow', String(Math.round(message.progress.fraction * 100)));
      progress.setAttribute('aria-label', message.progress.text || 'Working');
      body.append(progress);
    }

    if (message.images && message.images.length) {
      const gallery = el('div', `gallery n${Math.min(message.images.length, 3)}`);
      for (const image of message.images) {
        const figure = el('figure', 'image');
        const open = el('button', 'image-button');
        open.type = 'button';
        open.title = 'Open full size';
        const img = el('img');
        img.src = image.url;
        img.alt = image.alt;
        img.loading = 'lazy';
        img.addEventListener('load', () => { if (isFollowing) followNewContent(img.closest('.message')); });
        open.addEventListener('click', () => openLightbox(image));
        open.append(img);
        figure.append(open);
        gallery.append(figure);
      }
      body.append(gallery);
    }

    if (message.files && message.files.length) {
      const list = el('div', 'files');
      for (const file of message.files) {
        const link = el('a', 'file-link', `⬇ ${file.name}`);
        link.href = file.url;
        link.download = file.name;
        link.title = `Download ${file.name} (${Math.max(1, Math.round(file.sizeBytes / 1024))} KB)`;
        list.append(link);
      }
      body.append(list);
    }

    if (message.buttons && message.buttons.length) {
      for (const row of message.buttons) {
        if (isLecturerControlRow(row) && !isMyLiveQuiz(message)) continue;
        const rowEl = el('div', isChoiceRow(row) ? 'buttons choices' : 'buttons');
        if (isChoiceRow(row)) { rowEl.setAttribute('role', 'group'); rowEl.setAttribute('aria-label', 'Answers'); }
        for (const button of row) rowEl.append(renderButton(button, message.id));
        body.append(rowEl);
      }
    }

    if (message.selects && message.selects.length) {
      for (const select of message.selects) {
        const s = el('select', 'select');
        s.setAttribute('aria-label', select.placeholder);
        s.append(new Option(select.placeholder, '', true, true));
        s.options[0].disabled = true;
        for (const option of select.options) s.append(new Option(option.label, option.value));
        // the header of the answer names what was chosen, not the menu's placeholder
        s.addEventListener('change', () => clickComponent({ id: select.id, label: s.selectedOptions[0]?.label || select.placeholder, values: [s.value], messageId: message.id }, s));
        body.append(s);
      }
    }

    // `/dataset draw`: the drawing canvas (draw.js), the same element on every redraw of this message
    if (message.widget && message.widget.kind === 'draw-dataset') body.append(window.nnDraw.widgetFor(message.id, message.widget, sendCommand));

    if (isLecturersLiveQuestion(message)) {
      article.classList.add('with-join');
      body.append(renderJoinCard());
    }

    article.append(body);
    return article;
  }

  function upsert(message) {
    const stick = isFollowing || isNearBottom() || isAtPinnedTop();
    noteClock(message);
    const node = renderMessage(message);
    const existing = elements.get(message.id);
    const focused = existing && existing.contains(document.activeElement) ? document.activeElement : null;
    if (existing) existing.replaceWith(node);
    if (focused) keepFocusIn(node, focused);
    else logEl.append(node);
    elements.set(message.id, node);
    if (message.countdown || ticker) refreshCountdowns();
    $('#welcome')?.classList.add('compact');
    if (stick || (!message.author.isBot && message.author.id === me.id)) followNewContent(node);
  }

  /**
   * A message redrawn in place (a lesson step moving on) keeps the keyboard where it was: on the
   * control with the same words, else on the first control, else on the message itself.
   */
  function keepFocusIn(node, previous) {
    const words = (previous.textContent || '').trim();
    const controls = [...node.querySelectorAll('button, select, a[href]')];
    const target = controls.find((c) => (c.textContent || '').trim() === words) || controls[0];
    if (target) { target.focus(); return; }
    node.tabIndex = -1;
    node.focus();
  }

  /**
   * Keeps the newest content in view: the bottom of the chat, except for a live question on the
   * lecturer's screen that is taller than it, whose top (clock and prompt) is shown instead — also
   * when its picture loads later and makes it taller.
   */
  function followNewContent(node) {
    if (node && node.classList.contains('with-join') && node === logEl.lastElementChild && node.offsetHeight > messagesEl.clientHeight) {
      pinnedNode = node;
      node.scrollIntoView({ block: 'start' });
      isFollowing = true;
      return;
    }
    pinnedNode = null;
    scrollToBottom();
  }

  function remove(id) {
    elements.get(id)?.remove();
    elements.delete(id);
    if (ticker) refreshCountdowns();
  }

  // ---- lightbox: a picture at full size; Escape, the close button or a click closes it ----------
  const lightbox = $('#lightbox');
  $('#lightbox-close').append(createIcon('close', ''));
  function openLightbox(image) {
    lightbox.querySelector('img').src = image.url;
    lightbox.querySelector('img').alt = image.alt;
    lightbox.querySelector('p').textContent = image.alt;
    $('#lightbox-original').href = image.url;
    lightbox.showModal();
    $('#lightbox-close').focus();
  }
  lightbox.addEventListener('click', (event) => { if (!event.target.closest('a')) lightbox.close(); });

  // ---- joining from a phone: the address and its QR code ----------------------------------
  let joinInfo;
  const joinInfoReady = fetch('/api/join').then((r) => (r.ok ? r.json() : undefined)).then((info) => { joinInfo = info; }).catch(() => {});
  /** The join address as text and as a QR code (drawn by the server), with a note when phones cannot reach it. */
  function renderJoinCard() {
    const card = el('div', 'join-card');
    const fill = () => {
      card.replaceChildren();
      if (!joinInfo) { card.append(el('div', 'join-note', 'The join address is not available.')); return; }
      const qr = el('img');
      qr.src = '/api/join-qr.svg';
      qr.alt = `QR code for ${joinInfo.url}`;
      const words = el('div', 'join-text');
      words.append(el('div', 'join-label', 'Join on your phone:'), el('div', 'join-url', joinInfo.url));
      if (joinInfo.note) words.append(el('div', 'join-note', joinInfo.note));
      card.append(qr, words);
    };
    if (joinInfo) fill(); else void joinInfoReady.then(fill);
    return card;
  }
  $('#join').append(createIcon('qr', ''));
  $('#join').addEventListener('click', () => {
    $('#join-card').replaceWith(Object.assign(renderJoinCard(), { id: 'join-card' }));
    $('#join-dialog').showModal();
  });

  // ---- talking to the server -------------------------------------------------------------
  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error?.message || response.statusText);
    return response.json();
  }

  /** Sends a command line as if typed, with files (`attachments: [{ name, contentType, base64 }]`). */
  const sendCommand = (text, attachments) => post('/api/chat', { text, user: { name: me.name }, key: lecturerKey, attachments });

  /** Sends a button press or menu choice: `messageId` is the message it was on (a private step updates in place). */
  async function clickComponent({ id, label, values, messageId }, control) {
    // busy for a moment against double clicks, but never disabled: a disabled control drops the keyboard focus
    if (control.getAttribute('aria-disabled') === 'true') return;
    control.setAttribute('aria-disabled', 'true');
    try {
      await post('/api/click', { id, label, values, messageId, user: { name: me.name }, key: lecturerKey });
    } catch (error) {
      hintEl.textContent = `Could not send: ${error.message}`;
    } finally {
      setTimeout(() => control.removeAttribute('aria-disabled'), 1500);
    }
  }

  let source;
  function connect() {
    source?.close();
    const status = $('#connection');
    source = new EventSource(`/events?name=${encodeURIComponent(me.name)}`);
    source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'connection live'; });
    source.addEventListener('error', () => {
      status.textContent = 'reconnecting…';
      status.className = 'connection down';
      // The browser retries a dropped stream by itself, but not a refused one (401 after the
      // session was cleared, 503 while the server restarts): join again, then reconnect.
      if (source.readyState === EventSource.CLOSED) setTimeout(rejoin, 2000);
    });
    source.addEventListener('hello', (event) => {
      const { history, serverNowMs, you, connectionId } = JSON.parse(event.data);
      if (you?.id) me.id = you.id;
      if (connectionId) window.nnLiveView?.connected(connectionId);
      if (typeof serverNowMs === 'number') clockOffsetMs = serverNowMs - Date.now();
      for (const node of elements.values()) node.remove();
      elements.clear();
      clocks.clear();
      history.forEach(upsert);
      scrollToBottom();
    });
    source.addEventListener('message', (event) => upsert(JSON.parse(event.data)));
    for (const type of ['live-frame', 'live-setup', 'live-ended', 'live-notice']) {
      source.addEventListener(type, (event) => window.nnLiveView?.receive(type, JSON.parse(event.data)));
    }
    source.addEventListener('remove', (event) => remove(JSON.parse(event.data).id));
    source.addEventListener('presence', (event) => {
      const people = $('#people');
      people.replaceChildren();
      for (const name of JSON.parse(event.data).names) {
        const dot = el('span', 'person', initials(name));
        dot.setAttribute('role', 'listitem');
        dot.setAttribute('aria-label', name);
        dot.title = name;
        dot.style.background = colourFor(name);
        people.append(dot);
      }
    });
  }

  // ---- autocomplete ---------------------------------------------------------------------
  let catalogue = [];
  let items = [];
  let selected = -1;
  let navigated = false;
  let autocompleteSeq = 0;

  function describeOption(option) {
    if (option.choices) return option.choices.join(' · ');
    const range = option.min !== undefined && option.max !== undefined ? ` ${option.min}–${option.max}` : '';
    return { integer: `whole number${range}`, number: `number${range}`, boolean: 'true / false', string: 'text' }[option.type];
  }

  function context() {
    const value = input.value;
    if (!value.startsWith('/')) return null;
    const firstSpace = value.indexOf(' ');
    if (firstSpace === -1) return { stage: 'command', partial: value.slice(1).toLowerCase() };
    const command = catalogue.find((c) => c.name === value.slice(1, firstSpace).toLowerCase());
    if (!command) return null;
    const token = value.slice(value.lastIndexOf(' ') + 1);
    const used = new Set([...value.matchAll(/(?:^|\s)([a-z][\w-]*)[:=]/g)].map((m) => m[1]));
    const colon = token.indexOf(':');
    if (colon > 0) {
      const option = command.options.find((o) => o.name === token.slice(0, colon));
      return option ? { stage: 'value', command, option, partial: token.slice(colon + 1) } : null;
    }
    return { stage: 'option', command, partial: token.toLowerCase(), used };
  }

  function replaceToken(text, addSpace) {
    const value = input.value;
    const cut = value.lastIndexOf(' ') + 1;
    input.value = value.slice(0, cut) + text + (addSpace ? ' ' : '');
    input.focus();
    updateSuggestions();
  }

  function showSuggestions(list, hint) {
    items = list;
    selected = list.length ? 0 : -1;
    navigated = false;
    suggestionsEl.replaceChildren();
    list.forEach((item, index) => {
      const row = el('div', 'suggestion');
      row.setAttribute('role', 'option');
      row.id = `suggestion-${index}`;
      row.append(el('span', 'label', item.label), el('span', 'detail', item.detail || ''));
      row.addEventListener('mousedown', (event) => { event.preventDefault(); selected = index; accept(); });
      suggestionsEl.append(row);
    });
    suggestionsEl.hidden = list.length === 0;
    input.setAttribute('aria-expanded', String(list.length > 0));
    highlight();
    hintEl.textContent = hint || '';
  }

  function highlight() {
    [...suggestionsEl.children].forEach((row, index) => {
      row.classList.toggle('active', index === selected);
      row.setAttribute('aria-selected', String(index === selected));
    });
    // a screen reader follows the highlighted suggestion while the focus stays in the input
    if (selected >= 0 && items.length) input.setAttribute('aria-activedescendant', `suggestion-${selected}`);
    else input.removeAttribute('aria-activedescendant');
    suggestionsEl.children[selected]?.scrollIntoView({ block: 'nearest' });
  }

  function accept() {
    const item = items[selected];
    if (!item) return;
    item.apply();
  }

  async function updateSuggestions() {
    const ctx = context();
    if (!ctx) return showSuggestions([], input.value.startsWith('/') ? 'Unknown command — type /help to see them all.' : '');
    if (ctx.stage === 'command') {
      const list = catalogue.filter((c) => c.name.startsWith(ctx.partial)).map((c) => ({
        label: `/${c.name}`, detail: c.description, apply: () => { input.value = `/${c.name} `; input.focus(); updateSuggestions(); },
      }));
      return showSuggestions(list, '');
    }
    if (ctx.stage === 'option') {
      const list = ctx.command.options
        .filter((o) => o.name.startsWith(ctx.partial) && !ctx.used.has(o.name))
        .map((o) => ({ label: `${o.name}:`, detail: `${o.description} — ${describeOption(o)}`, apply: () => replaceToken(`${o.name}:`, false) }));
      return showSuggestions(list, `/${ctx.command.name} — ${ctx.command.description}. Press Tab to pick an option, Enter to send.`);
    }
    const option = ctx.option;
    const hint = `${option.name}: ${option.description} — ${describeOption(option)}${option.default !== undefined && option.default !== '' ? ` (default ${option.default})` : ''}`;
    let values = [];
    if (option.choices) values = option.choices.filter((c) => c.startsWith(ctx.partial));
    else if (option.type === 'boolean') values = ['true', 'false'].filter((c) => c.startsWith(ctx.partial));
    else if (option.hasAutocomplete) {
      const seq = ++autocompleteSeq;
      const url = `/api/autocomplete?command=${encodeURIComponent(ctx.command.name)}&option=${encodeURIComponent(option.name)}&partial=${encodeURIComponent(ctx.partial)}`;
      const { suggestions } = await fetch(url).then((r) => r.json()).catch(() => ({ suggestions: [] }));
      if (seq !== autocompleteSeq) return;
      values = suggestions;
    }
    const list = values.map((v) => ({ label: v, detail: '', apply: () => replaceToken(`${option.name}:${v}`, true) }));
    showSuggestions(list, hint);
  }

  input.addEventListener('input', () => { updateSuggestions(); });
  input.addEventListener('keydown', (event) => {
    if (suggestionsEl.hidden || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      selected = (selected + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      navigated = true;
      highlight();
    } else if (event.key === 'Tab' || (event.key === 'Enter' && navigated)) {
      event.preventDefault();
      accept();
    } else if (event.key === 'Escape') {
      showSuggestions([], '');
    }
  });
  input.addEventListener('blur', () => setTimeout(() => {
    if (document.activeElement === input) return; // focus came back (a click on a suggestion, a closed dialog)
    suggestionsEl.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  }, 150));
  input.addEventListener('focus', () => updateSuggestions());

  // ---- sending --------------------------------------------------------------------------
  const history = [];
  let historyIndex = -1;
  $('#composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    history.unshift(text);
    historyIndex = -1;
    input.value = '';
    showSuggestions([], '');
    try {
      const attachments = window.nnUpload ? window.nnUpload.takeAttachmentsFor(text) : [];
      await post('/api/chat', { text, user: { name: me.name }, key: lecturerKey, ...(attachments.length ? { attachments } : {}) });
    } catch (error) {
      hintEl.textContent = `Could not send: ${error.message}`;
    }
  });
  input.addEventListener('keydown', (event) => {
    if (!suggestionsEl.hidden && items.length) return;
    if (event.key === 'ArrowUp' && history.length && (input.value === '' || historyIndex >= 0)) {
      event.preventDefault();
      historyIndex = Math.min(history.length - 1, historyIndex + 1);
      input.value = history[historyIndex];
    }
  });

  // ---- start-up -------------------------------------------------------------------------
  $('#send').prepend(createIcon('send', ''));
  const examples = ['/train dataset:spiral layers:8,8 features:x1,x2,sinx1,sinx2 epochs:300', '/train dataset:circle activation:identity features:x1,x2,x1sq,x2sq', '/activation compare:sigmoid,tanh,relu', '/compare setting:batch-size', '/optimizers surface:ravine animate:true', '/overfit', '/dataset draw', '/help'];
  for (const example of examples) {
    const chip = el('button', 'chip', example);
    chip.type = 'button';
    chip.addEventListener('click', () => { input.value = example; input.focus(); updateSuggestions(); });
    $('#chips').append(chip);
  }

  function setName(name) {
    me.name = name.trim().slice(0, 40) || me.name;
    saveMe();
    $('#me').textContent = me.name;
    $('#rename').title = `You are ${me.name}: change your display name`;
    connect();
  }
  const dialog = $('#name-dialog');
  $('#name-form').addEventListener('submit', () => setName($('#name-input').value));
  // back to the composer for typing: the browser's own focus restoration can leave a focus that takes no keys
  dialog.addEventListener('close', () => { input.blur(); input.focus(); });
  $('#rename').addEventListener('click', () => { $('#name-input').value = me.name; dialog.showModal(); });

  function rejoin() {
    post('/api/session', { name: me.name }).then((session) => { me.id = session.you.id; connect(); }).catch(() => setTimeout(rejoin, 5000));
  }
  // A session first (the cookie comes with the answer), then everything that needs it.
  post('/api/session', { name: me.name }).then((session) => {
    me.id = session.you.id;
    fetch('/api/catalogue').then((r) => r.json()).then((data) => { catalogue = data.commands; window.nnUpload?.setMaxBytes(data.uploadMaxBytes); });
    if (me.name) setName(me.name);
    else dialog.showModal();
  }).catch((error) => { hintEl.textContent = `Could not join the chat: ${error.message}. Reload the page to try again.`; });
})();
