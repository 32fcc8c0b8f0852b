import type { Reply, ReplyButton, ReplyCountdown, ReplySelect } from '../../chat/types.ts';
import { escapeMrkdwn, markdownToMrkdwn, markdownToPlain } from './mrkdwn.ts';

/** A Block Kit block; kept loose because we only build the few kinds below. */
export type SlackBlock = Record<string, unknown>;

/** What chat.postMessage, chat.update and response_url accept as the message body. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// Block Kit limits (docs.slack.dev/reference/block-kit): section text ≤ 3000 characters,
// ≤ 50 blocks per message, button/option text ≤ 75, placeholder ≤ 150, option value ≤ 150.
const SECTION_TEXT_MAX = 3000;
const MESSAGE_BLOCKS_MAX = 50;
const PLAIN_LABEL_MAX = 75;
const PLACEHOLDER_MAX = 150;
const OPTION_VALUE_MAX = 150;
const FALLBACK_TEXT_MAX = 3000;

/** Prefix of the action_id of link buttons: Slack reports their clicks too, and we ignore them. */
export const LINK_ACTION_PREFIX = 'link~';
/** Separates a routing id from the suffix that keeps action_ids unique within one message. */
const DUPLICATE_SUFFIX = '~';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits mrkdwn into section-sized pieces, preferring paragraph, then line boundaries. */
export function splitForSections(mrkdwn: string, max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let rest = mrkdwn.trim();
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    let chunk = rest.slice(0, cut);
    // Keep ``` blocks balanced on both sides of the cut.
    if ((chunk.match(/```/g)?.length ?? 0) % 2 === 1) {
      chunk += '\n```';
      rest = '```\n' + rest.slice(cut).replace(/^\n+/, '');
    } else {
      rest = rest.slice(cut).replace(/^\n+/, '');
    }
    chunks.push(chunk);
  }
  if (rest) chunks.push(rest);
  return chunks;
}

function buttonElement(button: ReplyButton, actionId: string): SlackBlock {
  const element: SlackBlock = {
    type: 'button',
    text: { type: 'plain_text', text: clip(button.label, PLAIN_LABEL_MAX), emoji: true },
    action_id: actionId,
  };
  if (button.url) element.url = button.url;
  else element.value = button.id;
  // Slack has only two accents: primary (green) and danger (red).
  if (button.style === 'primary' || button.style === 'success') element.style = 'primary';
  if (button.style === 'danger') element.style = 'danger';
  return element;
}

function selectElement(select: ReplySelect, actionId: string): SlackBlock {
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: clip(select.placeholder, PLACEHOLDER_MAX), emoji: true },
    options: select.options.slice(0, 100).map((option) => ({
      text: { type: 'plain_text', text: clip(option.label, PLAIN_LABEL_MAX), emoji: true },
      value: option.value.slice(0, OPTION_VALUE_MAX),
      ...(option.description
        ? { description: { type: 'plain_text', text: clip(option.description, PLAIN_LABEL_MAX), emoji: true } }
        : {}),
    })),
  };
}

/** HH:MM:SS in UTC, for text that cannot show a reader's own time zone. */
function utcClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/**
 * The countdown as mrkdwn and as plain text. Slack has no live relative timer, so a running clock
 * shows when it ends with Slack's date formatting `<!date^UNIX_SECONDS^{time_secs}|fallback>`,
 * which each reader sees in their own time zone; a paused one states the time left; a closed one
 * shows nothing.
 */
export function countdownText(countdown: ReplyCountdown): { mrkdwn: string; plain: string } | undefined {
  if (countdown.status === 'closed') return undefined;
  if (countdown.status === 'paused') {
    const left = `${Math.ceil((countdown.pausedRemainingMs ?? 0) / 1000)} s left when it resumes`;
    return { mrkdwn: `⏸ *Paused* · ${left}`, plain: `⏸ Paused · ${left}` };
  }
  const label = countdown.label ?? 'Ends';
  const seconds = Math.round(countdown.endsAtMs / 1000);
  const fallback = `${utcClock(seconds * 1000)} UTC`;
  return {
    mrkdwn: `⏱ *${escapeMrkdwn(label)}* <!date^${seconds}^at {time_secs}|at ${fallback}>`,
    plain: `⏱ ${label} at ${fallback}`,
  };
}

/**
 * Turns a Reply into a Block Kit message: the text as mrkdwn sections, each button row as an
 * actions block (action_id = the routing id, made unique per message), each select as its own
 * actions block. Disabled buttons are left out (Block Kit has no disabled state). Images are not
 * blocks: they are uploaded with files.uploadV2.
 */
export function replyToMessage(reply: Reply, note?: string): SlackMessage {
  const blocks: SlackBlock[] = [];
  const text = reply.text ?? '';
  for (const chunk of splitForSections(markdownToMrkdwn(text))) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  }
  const countdown = reply.countdown ? countdownText(reply.countdown) : undefined;
  if (countdown) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: countdown.mrkdwn } });
  if (note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(note) }] });

  const usedIds = new Set<string>();
  const uniqueActionId = (id: string) => {
    let candidate = id;
    for (let n = 2; usedIds.has(candidate); n++) candidate = `${id}${DUPLICATE_SUFFIX}${n}`;
    usedIds.add(candidate);
    return candidate;
  };
  let linkCount = 0;
  for (const row of reply.buttons ?? []) {
    const elements = row
      .filter((b) => !b.disabled)
      .slice(0, 25)
      .map((b) => buttonElement(b, b.url ? `${LINK_ACTION_PREFIX}${++linkCount}` : uniqueActionId(b.id)));
    if (elements.length) blocks.push({ type: 'actions', elements });
  }
  for (const select of reply.selects ?? []) {
    blocks.push({ type: 'actions', elements: [selectElement(select, uniqueActionId(select.id))] });
  }

  const plain = markdownToPlain(text).trim() || note || (reply.images?.length ? reply.images.map((i) => i.alt).join('; ') : ' ');
  // the notification text keeps the countdown whole; the message text is cut to make room
  const fallback = countdown ? `${clip(plain, FALLBACK_TEXT_MAX - countdown.plain.length - 1)}\n${countdown.plain}` : clip(plain, FALLBACK_TEXT_MAX);
  return { text: fallback, blocks: blocks.slice(0, MESSAGE_BLOCKS_MAX) };
}

/**
 * The routing id (`<command>:<action>[:<state>…]`) behind a Block Kit action, or undefined for
 * link buttons. Buttons carry it in `value`; selects in their action_id (minus a uniqueness suffix).
 */
export function routingIdOf(action: { type?: string; action_id?: string; value?: string }): string | undefined {
  const actionId = action.action_id ?? '';
  if (actionId.startsWith(LINK_ACTION_PREFIX)) return undefined;
  if (action.type === 'button' && action.value) return action.value;
  const suffix = actionId.lastIndexOf(DUPLICATE_SUFFIX);
  return suffix > 0 && /^\d+$/.test(actionId.slice(suffix + 1)) ? actionId.slice(0, suffix) : actionId || undefined;
}

/** A one-message progress bar: "⏳ /train — 45% ▓▓▓▓░░░░░ epoch 120/500 · loss 0.21". */
export function progressMessage(label: string, fraction: number, detail: string): SlackMessage {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * 12);
  const bar = '▓'.repeat(filled) + '░'.repeat(12 - filled);
  const percent = Math.round(clamped * 100);
  const line = `⏳ ${label} — ${percent}% ${bar}${detail ? ` ${detail}` : ''}`;
  return { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(line) } }] };
}
