/**
 * User-typed text (display names, anything a user wrote) repeated inside reply text, made inert for
 * the chat Markdown replies are written in. The web chat's renderer (CommonMark, marked) and
 * Discord both read a backslash before ASCII punctuation as "this character, literally", so one
 * escape serves both; the Slack adapter turns the same escapes into mrkdwn-safe characters
 * (see platforms/slack/mrkdwn.ts).
 */

/** Characters with a meaning in chat Markdown, GitHub autolinks, Discord (spoilers, mentions, emoji) or Slack. */
const MARKUP_CHARACTERS = /[\\`*_~|[\]()<>#:@.!+\-&=]/g;

/** Line breaks, other control characters and bidirectional overrides: a name must stay on its line and read left to right as typed. */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** Longest user text repeated in one place; longer is cut with "…" (no platform allows longer display names). */
export const MAX_USER_TEXT_CHARS = 80;

/**
 * Makes user text literal inside chat Markdown: line breaks and control characters become one
 * space, every markup character is backslash-escaped, and text beyond `maxChars` is cut.
 * `Zed\n🥇 **Mallory**` stays one line reading exactly that; `[x](https://…)` is no link.
 */
export function escapeMarkdown(text: string, maxChars = MAX_USER_TEXT_CHARS): string {
  const oneLine = String(text).replace(LINE_BREAKING, ' ').trim();
  const chars = [...oneLine];
  const cut = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('').trimEnd()}…` : oneLine;
  return cut.replace(MARKUP_CHARACTERS, (c) => `\\${c}`);
}

/** Reverses escapeMarkdown's backslashes (for plain-text renderings such as notifications). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * User text shown as code (`like this`): backticks and line breaks cannot occur inside a code
 * span, so they are replaced (a backtick by a look-alike ˋ, breaks by spaces) and the text is cut.
 */
export function codeSpan(text: string, maxChars = MAX_USER_TEXT_CHARS): string {
  const inert = String(text).replace(LINE_BREAKING, ' ').replace(/`/g, '\u02cb').trim();
  const chars = [...inert];
  return `\`${chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : inert || ' '}\``;
}
