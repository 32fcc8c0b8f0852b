/**
 * The chat layer writes a small Markdown subset (**bold**, *italic*, `code`, ``` blocks, "- " lists,
 * [links](url)); Slack's mrkdwn spells these differently (*bold*, _italic_, <url|label>, no list
 * syntax) and needs &, <, > escaped everywhere, code included.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BOLD_MARK = '\u0001';

function convertProse(text: string): string {
  return (
    escapeMrkdwn(text)
      // [label](url) → <url|label>; the url was escaped above, which Slack accepts.
      .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '/')}>`)
      .replace(/\*\*([^*\n]+?)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
      .replace(/__([^_\n]+?)__/g, `${BOLD_MARK}$1${BOLD_MARK}`)
      .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1_$2_')
      .replace(new RegExp(BOLD_MARK, 'g'), '*')
      .replace(/^(\s*)[-*] /gm, '$1• ')
      .replace(/^#{1,6} +(.+)$/gm, '*$1*')
  );
}

/** Converts the chat Markdown subset to Slack mrkdwn, leaving code spans and blocks as they are. */
export function markdownToMrkdwn(markdown: string): string {
  // Odd indices are code (``` blocks or `spans`), even indices prose.
  const parts = markdown.split(/(```[\s\S]*?```|`[^`\n]+`)/g);
  return parts.map((part, index) => (index % 2 === 1 ? escapeMrkdwn(part) : convertProse(part))).join('');
}

/** Plain text for notifications and screen readers: the Markdown marks removed. */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/g, '')
    .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, '$1 ($2)')
    .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1');
}
