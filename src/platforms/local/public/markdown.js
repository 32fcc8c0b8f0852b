// The small Markdown subset replies use (**bold**, *italic*, `code`, ``` blocks, "- " lists,
// "> " quotes, "| a | b |" tables, [links](url)), rendered to HTML safely: everything is escaped first.
(function () {
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function inline(text) {
    const codes = [];
    let html = escapeHtml(text).replace(/`([^`]+)`/g, (_, code) => {
      codes.push(code);
      return `\u0000${codes.length - 1}\u0000`;
    });
    html = html.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label, url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`);
    html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
    html = html.replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>');
    return html.replace(/\u0000(\d+)\u0000/g, (_, i) => `<code>${codes[Number(i)]}</code>`);
  }

  // "| a | b |" rows; a "|---|---|" row under the first makes it the header.
  function renderTable(rows) {
    const cells = (row) => row.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    const isRule = (row) => /^\|[\s:|-]+\|$/.test(row) && row.includes('-');
    const hasHeader = rows.length > 1 && isRule(rows[1]);
    const head = hasHeader ? `<thead><tr>${cells(rows[0]).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>` : '';
    const body = rows.slice(hasHeader ? 2 : 0).filter((r) => !isRule(r))
      .map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
    return `<div class="table-wrap"><table>${head}<tbody>${body}</tbody></table></div>`;
  }

  function renderMarkdown(source) {
    const out = [];
    const parts = String(source || '').split(/```(?:\w*\n)?/);
    parts.forEach((part, index) => {
      if (index % 2 === 1) {
        out.push(`<pre><code>${escapeHtml(part.replace(/\n$/, ''))}</code></pre>`);
        return;
      }
      let list = null;
      let quote = null;
      let table = null;
      const flush = () => {
        if (list) out.push(`<ul>${list.join('')}</ul>`);
        if (quote) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
        if (table) out.push(renderTable(table));
        list = null;
        quote = null;
        table = null;
      };
      for (const line of part.split('\n')) {
        if (/^\s*\|.*\|\s*$/.test(line)) {
          if (list || quote) flush();
          (table ||= []).push(line.trim());
        } else if (/^\s*- /.test(line)) {
          if (quote || table) flush();
          (list ||= []).push(`<li>${inline(line.replace(/^\s*- /, ''))}</li>`);
        } else if (/^> ?/.test(line)) {
          if (list || table) flush();
          (quote ||= []).push(inline(line.replace(/^> ?/, '')));
        } else {
          flush();
          if (line.trim()) out.push(`<p>${inline(line)}</p>`);
        }
      }
      flush();
    });
    return out.join('');
  }

  window.renderMarkdown = renderMarkdown;
})();
