/**
 * The chat layer writes a small Markdown subset (**bold**, *italic*, `code`, ``` blocks, "- " lists,
 * [links](url)); Slack's mrkdwn spells these differently (*bold*, _italic_, <url|label>, no list
 * syntax) and needs &, <, > escaped everywhere, code included.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A character that must show as itself in mrkdwn, which has no escape for its formatting marks:
 * &, <, > become entities, the marks * _ ~ ` become look-alikes that never format
 * (∗ ＿ ∼ ˋ), and ":" gets a zero-width space so ":name:" is no emoji. Use it for any user text
 * written straight into mrkdwn; chat Markdown's backslash escapes arrive here through markdownToMrkdwn.
 */
export function escapeSlackText(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\*/g, '\u2217')
    .replace(/_/g, '\uff3f')
    .replace(/~/g, '\u223c')
    .replace(/`/g, '\u02cb')
    .replace(/:/g, ':\u200b');
}

const BOLD_MARK = '\u0001';
const ESCAPED_MARK = '\u0002';

/**
 * Sets backslash-escaped characters (user text, see chat/escape-markdown.ts) aside so that no
 * markup rule reads them; `restore` puts them back, each spelled by `spell`.
 */
function setAsideEscapes(markdown: string): { text: string; restore: (text: string, spell: (c: string) => string) => string } {
  const escaped: string[] = [];
  const text = markdown.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `${ESCAPED_MARK}${escaped.push(c) - 1}${ESCAPED_MARK}`);
  const marks = new RegExp(`${ESCAPED_MARK}(\\d+)${ESCAPED_MARK}`, 'g');
  return { text, restore: (converted, spell) => converted.replace(marks, (_m, i: string) => spell(escaped[Number(i)]!)) };
}

function convertProse(markdown: string): string {
  const { text, restore } = setAsideEscapes(markdown);
  return restore(
    escapeMrkdwn(text)
      // [label](url) → <url|label>; the url was escaped above, which Slack accepts.
      .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '/')}>`)
      .replace(/\*\*([^*\n]+?)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
      .replace(/__([^_\n]+?)__/g, `${BOLD_MARK}$1${BOLD_MARK}`)
      .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1_$2_')
      .replace(new RegExp(BOLD_MARK, 'g'), '*')
      .replace(/^(\s*)[-*] /gm, '$1• ')
      .replace(/^#{1,6} +(.+)$/gm, '*$1*'),
    escapeSlackText,
  );
}

/** Converts the chat Markdown subset to Slack mrkdwn, leaving code spans and blocks as they are. */
export function markdownToMrkdwn(markdown: string): string {
  // Odd indices are code (``` blocks or `spans`), even indices prose.
  const parts = markdown.split(/((?<!\\)```[\s\S]*?```|(?<!\\)`[^`\n]+`)/g);
  return parts.map((part, index) => (index % 2 === 1 ? escapeMrkdwn(part) : convertProse(part))).join('');
}

/** Plain text for notifications and screen readers: the Markdown marks removed, escaped characters shown as themselves. */
export function markdownToPlain(markdown: string): string {
  const { text, restore } = setAsideEscapes(markdown);
  return restore(
    text
      .replace(/```[a-z]*\n?/g, '')
      .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, '$1 ($2)')
      .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
      .replace(/`([^`\n]+)`/g, '$1'),
    (c) => c,
  );
}
