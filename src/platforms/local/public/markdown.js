// Replies' Markdown → safe HTML with marked (GitHub-flavoured, line breaks kept) and DOMPurify.
// Raw HTML in a reply is shown as text, as on Discord and Slack: anything a user typed and a reply
// repeats stays text. DOMPurify then removes whatever could still run (event handlers, javascript:
// links, unknown tags), so no script can run from any message.
(function () {
  'use strict';
  const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  const parser = new window.marked.Marked({
    gfm: true,
    breaks: true,
    renderer: {
      html(token) { return escapeHtml(token.text); },
    },
  });

  const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h1', 'h2', 'h3', 'h4', 'hr'];
  const purifier = window.DOMPurify;
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') || '';
      if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  const BLOCK_LINE = /^(\s*[-*+] |>|\s*\|)/;
  /**
   * Replies are written line by line for every platform: a plain line right after a list, quote
   * or table starts a new paragraph (Markdown would fold it into the last item). Code blocks are
   * left alone.
   */
  function separateBlocks(text) {
    const out = [];
    let isInCode = false;
    for (const line of text.split('\n')) {
      if (/^\s*```/.test(line)) isInCode = !isInCode;
      const previous = out[out.length - 1];
      if (!isInCode && previous !== undefined && BLOCK_LINE.test(previous) && line.trim() && !BLOCK_LINE.test(line) && !/^\s/.test(line)) out.push('');
      out.push(line);
    }
    return out.join('\n');
  }

  /**
   * Renders a reply's Markdown into a new DocumentFragment. A line starting "1. " stays a line of
   * text (leaderboards and lesson lists number their own lines), tables scroll inside their message.
   */
  function renderMarkdown(source) {
    const text = separateBlocks(String(source || '')).replace(/^(\s*\d+)\. /gm, '$1\\. ');
    const fragment = purifier.sanitize(parser.parse(text), {
      ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title', 'target', 'rel'], RETURN_DOM_FRAGMENT: true,
    });
    for (const table of fragment.querySelectorAll('table')) {
      const wrap = document.createElement('div');
      wrap.className = 'table-wrap';
      wrap.tabIndex = 0; // a table wider than a phone scrolls, and the keyboard can scroll it
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', 'Table');
      table.replaceWith(wrap);
      wrap.append(table);
    }
    return fragment;
  }

  window.renderMarkdown = renderMarkdown;
})();
