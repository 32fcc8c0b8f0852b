// Inline SVG icons for the symbols replies use as pictures (⏸ ⏭ ⏹ 🏆 🎓 🔒 ✅ …). Discord and Slack
// draw these emoji with their own fonts; a browser may have no emoji font at all (Debian's Chromium
// with the fonts the README installs shows empty boxes), so the web chat never relies on one.
(function () {
  'use strict';
  // 24×24 outline paths, drawn with currentColor so an icon takes its button's or text's colour.
  const PATHS = {
    play: '<path d="M8 5v14l11-7z" fill="currentColor" stroke="none"/>',
    back: '<path d="M16 5v14L5 12z" fill="currentColor" stroke="none"/>',
    pause: '<rect x="6" y="5" width="4" height="14" rx="1" fill="currentColor" stroke="none"/><rect x="14" y="5" width="4" height="14" rx="1" fill="currentColor" stroke="none"/>',
    skip: '<path d="M5 5v14l9-7z" fill="currentColor" stroke="none"/><rect x="16" y="5" width="3" height="14" rx="1" fill="currentColor" stroke="none"/>',
    stop: '<rect x="6" y="6" width="12" height="12" rx="2" fill="currentColor" stroke="none"/>',
    trophy: '<path d="M8 4h8v5a4 4 0 0 1-8 0zM8 6H5a3 3 0 0 0 3 4M16 6h3a3 3 0 0 1-3 4M12 13v4M8 20h8M10 17h4"/>',
    cap: '<path d="M2 9l10-5 10 5-10 5zM6 11v5c3 2.5 9 2.5 12 0v-5M22 9v6"/>',
    lock: '<rect x="5" y="11" width="14" height="9" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>',
    chart: '<path d="M4 4v16h16M7 15l4-5 3 3 5-7"/>',
    bars: '<path d="M4 4v16h16"/><rect x="7" y="12" width="3" height="5" rx=".5"/><rect x="12" y="8" width="3" height="9" rx=".5"/><rect x="17" y="5" width="3" height="12" rx=".5"/>',
    check: '<path d="M5 12.5l4.5 4.5L19 7"/>',
    right: '<circle cx="12" cy="12" r="9.5" fill="#1f7a3d" stroke="none"/><path d="M7.5 12.5l3 3 6-6.5" stroke="#fff"/>',
    wrong: '<circle cx="12" cy="12" r="9.5" fill="#c62828" stroke="none"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7" stroke="#fff"/>',
    party: '<path d="M4 20l4-12 8 8zM13 4v2M18 6l-1.5 1.5M20 11h-2M15 9l2-2"/>',
    alarm: '<circle cx="12" cy="13" r="7"/><path d="M12 9v4l2.5 2M4 5l3-2M20 5l-3-2"/>',
    hourglass: '<path d="M7 3h10M7 21h10M8 3c0 5 8 5 8 9s-8 4-8 9M16 3c0 5-8 5-8 9s8 4 8 9"/>',
    timer: '<circle cx="12" cy="13" r="8"/><path d="M12 9v4M10 2h4M12 2v3"/>',
    flame: '<path d="M12 21c-4 0-6-3-6-6 0-4 4-6 4-10 3 2 5 5 5 8 1-1 1.5-2 1.5-3 1.5 1.5 1.5 3.5 1.5 5 0 3-2 6-6 6z"/>',
    square: '<rect x="8" y="8" width="8" height="8" rx="1"/>',
    external: '<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>',
    gold: '<circle cx="12" cy="14" r="7" fill="#e0a800" stroke="none"/><path d="M8 2l4 5 4-5" stroke="#0877bd"/><text x="12" y="17.5" text-anchor="middle" font-size="9" font-weight="800" fill="#fff" stroke="none" font-family="sans-serif">1</text>',
    silver: '<circle cx="12" cy="14" r="7" fill="#8a96a3" stroke="none"/><path d="M8 2l4 5 4-5" stroke="#c62828"/><text x="12" y="17.5" text-anchor="middle" font-size="9" font-weight="800" fill="#fff" stroke="none" font-family="sans-serif">2</text>',
    bronze: '<circle cx="12" cy="14" r="7" fill="#b0703a" stroke="none"/><path d="M8 2l4 5 4-5" stroke="#1f7a3d"/><text x="12" y="17.5" text-anchor="middle" font-size="9" font-weight="800" fill="#fff" stroke="none" font-family="sans-serif">3</text>',
    warning: '<path d="M12 3l10 18H2z" fill="#e0a800" stroke="#8a6500"/><path d="M12 10v5" stroke="#fff"/><circle cx="12" cy="18" r="1" fill="#fff" stroke="none"/>',
    clip: '<path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15 7"/>',
    send: '<path d="M3 11l18-8-8 18-2-8z" fill="currentColor" stroke="none"/>',
    qr: '<path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 14h2v2h-2zM14 18h2v2h-2zM18 18h2v2h-2z"/>',
    close: '<path d="M6 6l12 12M18 6L6 18"/>',
  };

  // Symbols as replies write them → icon and the words a screen reader says for it.
  const SYMBOLS = new Map([
    ['▶', ['play', 'play']], ['◀', ['back', 'back']], ['⏸', ['pause', 'paused']], ['⏭', ['skip', 'skip']],
    ['⏹', ['stop', 'stop']], ['🏆', ['trophy', 'trophy']], ['🎓', ['cap', 'lecture']], ['🔒', ['lock', 'locked']],
    ['📈', ['chart', 'chart']], ['📊', ['bars', 'report']], ['✓', ['check', 'done']], ['✗', ['close', 'no']], ['✅', ['right', 'right']], ['❌', ['wrong', 'wrong']],
    ['🎉', ['party', 'well done']], ['⏰', ['alarm', 'time']], ['⏳', ['hourglass', 'waiting']], ['⌛', ['hourglass', 'waiting']],
    ['⏱', ['timer', 'timer']], ['🔥', ['flame', 'streak']], ['▫', ['square', '']], ['↗', ['external', 'opens in a new tab']],
    ['⚠', ['warning', 'warning']], ['📎', ['clip', 'attached file']],
    ['🥇', ['gold', 'gold medal']], ['🥈', ['silver', 'silver medal']], ['🥉', ['bronze', 'bronze medal']],
  ]);
  const SYMBOL_PATTERN = new RegExp(`(${[...SYMBOLS.keys()].join('|')})\\uFE0F?`, 'gu');
  const HAS_SYMBOL = new RegExp(SYMBOL_PATTERN.source, 'u');

  /** An inline SVG icon element; `label` names it for screen readers, or hides it when empty. */
  function createIcon(name, label) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', `icon icon-${name}`);
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '2');
    svg.setAttribute('stroke-linecap', 'round');
    svg.setAttribute('stroke-linejoin', 'round');
    svg.setAttribute('focusable', 'false');
    if (label) { svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', label); } else svg.setAttribute('aria-hidden', 'true');
    svg.innerHTML = PATHS[name] || '';
    return svg;
  }

  /**
   * A control's label with its symbols drawn as icons: "⏸ Pause" → [pause icon] "Pause". The icon is
   * hidden from screen readers (the words already say what the control does), so the accessible
   * name is the label without its symbols.
   */
  function labelWithIcons(label) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of label.matchAll(SYMBOL_PATTERN)) {
      const words = label.slice(last, match.index).trim();
      if (words) fragment.append(document.createTextNode(words));
      fragment.append(createIcon(SYMBOLS.get(match[1])[0], ''));
      last = match.index + match[0].length;
    }
    const rest = label.slice(last).trim();
    if (rest) fragment.append(document.createTextNode(rest));
    return fragment;
  }

  /** The label's words without symbols (for accessible names and tooltips). */
  function plainLabel(label) {
    return label.replace(SYMBOL_PATTERN, '').replace(/\s+/g, ' ').trim();
  }

  /** Replaces the symbols in every text node under `root` (a rendered reply) with labelled icons. */
  function replaceSymbolsIn(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) if (HAS_SYMBOL.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
    for (const node of nodes) {
      if (node.parentElement && node.parentElement.closest('code, pre')) continue;
      const text = node.nodeValue;
      const fragment = document.createDocumentFragment();
      let last = 0;
      for (const match of text.matchAll(SYMBOL_PATTERN)) {
        if (match.index > last) fragment.append(document.createTextNode(text.slice(last, match.index)));
        const [name, spoken] = SYMBOLS.get(match[1]);
        fragment.append(createIcon(name, spoken));
        last = match.index + match[0].length;
      }
      if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
      node.replaceWith(fragment);
    }
  }

  window.nnIcons = { createIcon, labelWithIcons, plainLabel, replaceSymbolsIn };
})();
