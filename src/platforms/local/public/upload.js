// nn-tutor web chat: sending your own data file with a command. The 📎 button (or dropping a file
// on the page) picks one CSV or JSON file; it waits above the composer as a chip and goes with the
// next /train or /dataset line as {"name", "contentType", "base64"}, the command line naming it as
// data:<name>. The server checks everything again; this only saves a round trip for obvious mistakes.
(function () {
  'use strict';
  const $ = (selector) => document.querySelector(selector);
  const input = $('#input');
  const composer = $('#composer');
  const hintEl = $('#hint');
  const ALLOWED = /\.(csv|json)$/i;
  /** Raised from /api/catalogue's uploadMaxBytes once it is known. */
  let maxBytes = 1024 * 1024;
  /** The file waiting to be sent: { name, contentType, base64, sizeBytes }. */
  let pending;

  const picker = Object.assign(document.createElement('input'), { type: 'file', accept: '.csv,.json,text/csv,application/json', hidden: true, id: 'attach-file' });
  const button = Object.assign(document.createElement('button'), { type: 'button', id: 'attach', className: 'attach-button', title: 'Attach a CSV or JSON file with your own points' });
  button.setAttribute('aria-label', 'Attach a data file (CSV or JSON)');
  button.append(window.nnIcons.createIcon('clip', ''));
  // after the input, before Send: Shift+Tab from the input still reaches the newest message's buttons
  composer.querySelector('#input').after(button, picker);
  const chip = Object.assign(document.createElement('div'), { id: 'attachment', className: 'attachment-chip', hidden: true });
  chip.setAttribute('role', 'status');
  composer.parentElement.insertBefore(chip, composer);
  const overlay = Object.assign(document.createElement('div'), { id: 'drop-overlay', className: 'drop-overlay', hidden: true, textContent: 'Drop a CSV or JSON file to train on it' });
  document.body.append(overlay);

  function sizeText(bytes) {
    return bytes >= 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${bytes} bytes`;
  }
  /** A file name as a command-line value: quoted when it has spaces. */
  function optionValue(name) {
    return /[\s"]/.test(name) ? `"${name.replace(/"/g, '')}"` : name;
  }

  function showChip() {
    chip.replaceChildren();
    if (!pending) { chip.hidden = true; return; }
    const label = document.createElement('span');
    label.textContent = `${pending.name} (${sizeText(pending.sizeBytes)}) — goes with your next /train or /dataset`;
    label.prepend(window.nnIcons.createIcon('clip', 'attached file'));
    const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'attachment-remove' });
    remove.append(window.nnIcons.createIcon('close', ''));
    remove.setAttribute('aria-label', `Remove ${pending.name}`);
    remove.addEventListener('click', () => { clear(); input.focus(); });
    chip.append(label, remove);
    chip.hidden = false;
  }

  /** Puts `data:<name>` into the command line: a new /train line, or added to a /train or /dataset line already typed. */
  function nameInCommandLine(name) {
    const text = input.value.trim();
    const value = `data:${optionValue(name)}`;
    if (/^\/(train|dataset)\b/.test(text)) input.value = /\bdata:\S+/.test(text) ? text.replace(/\bdata:("[^"]*"|\S+)/, value) : `${text} ${value}`;
    else if (!text) input.value = `/train ${value} `;
  }

  /** Reads a chosen or dropped file; refuses the wrong kind or size at once, with the reason. */
  function choose(file) {
    if (!file) return;
    if (!ALLOWED.test(file.name)) { hintEl.textContent = `${file.name} is not a .csv or .json file. Attach a CSV with the header x1,x2,label, or a JSON file of points.`; return; }
    if (file.size > maxBytes) { hintEl.textContent = `${file.name} is ${sizeText(file.size)}; at most ${sizeText(maxBytes)} can be uploaded.`; return; }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      pending = { name: file.name, contentType: file.type || (/\.json$/i.test(file.name) ? 'application/json' : 'text/csv'), base64: url.slice(url.indexOf(',') + 1), sizeBytes: file.size };
      hintEl.textContent = '';
      nameInCommandLine(file.name);
      showChip();
      input.focus();
    };
    reader.onerror = () => { hintEl.textContent = `Could not read ${file.name}.`; };
    reader.readAsDataURL(file);
  }

  function clear() {
    pending = undefined;
    picker.value = '';
    showChip();
  }

  button.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => choose(picker.files && picker.files[0]));

  // drag and drop anywhere on the page
  let dragDepth = 0;
  const hasFiles = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes('Files');
  document.addEventListener('dragenter', (event) => { if (!hasFiles(event)) return; dragDepth += 1; overlay.hidden = false; });
  document.addEventListener('dragleave', () => { dragDepth = Math.max(0, dragDepth - 1); if (!dragDepth) overlay.hidden = true; });
  document.addEventListener('dragover', (event) => { if (hasFiles(event)) event.preventDefault(); });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    overlay.hidden = true;
    choose(event.dataTransfer.files[0]);
  });

  window.nnUpload = {
    /** The attachments to send with this line (the waiting file, for a command), then forgets it. */
    takeAttachmentsFor(text) {
      if (!pending || !text.startsWith('/')) return [];
      const { name, contentType, base64 } = pending;
      clear();
      return [{ name, contentType, base64 }];
    },
    /** The server's upload limit (from /api/catalogue). */
    setMaxBytes(bytes) { if (bytes > 0) maxBytes = bytes; },
  };
})();
