import { MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { Reply, ReplyButton, ReplyCountdown, ReplySelect } from '../../chat/types.ts';
import { fitImageToLimit } from './images.ts';
import { DISCORD_LIMITS } from './limits.ts';

/** The message body handed to discord.js (reply, editReply, followUp). */
export interface DiscordMessageBody {
  content: string;
  embeds: { description: string; color?: number }[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: { attachment: Buffer; name: string; description?: string }[];
  /** Always sent, so an edit's new files replace the old ones instead of piling up. */
  attachments: never[];
  allowedMentions: { parse: [] };
  flags?: number;
}

/** Something the conversion had to leave out or change, for the log. */
export type Warn = (message: string, details?: Record<string, unknown>) => void;

const BUTTON_STYLES = { primary: 1, secondary: 2, success: 3, danger: 4 } as const;
const LINK_STYLE = 5;
const EMBED_COLOR = 0x4c7bd9;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Characters of text an embed holds next to the footer line. */
function embedRoom(footer: string): number {
  return DISCORD_LIMITS.embedDescriptionChars - (footer ? footer.length + 1 : 0);
}

/** The file a reply's whole text goes in when an embed would cut it (a long report). */
export const FULL_TEXT_FILE_NAME = 'full-reply.md';

/**
 * Fits reply text into a message: ≤ 2000 characters goes in `content`; longer text goes in an
 * embed description (≤ 4096), which Discord renders with the same Markdown; beyond that it is cut.
 * A `footer` line (the countdown) is always kept whole at the end: the text is cut to make room.
 */
export function layoutText(text: string, footer = '', cutNote = 'shortened to fit Discord'): { content: string; embeds: DiscordMessageBody['embeds'] } {
  const join = (body: string) => (footer ? (body ? `${body}\n${footer}` : footer) : body);
  const full = join(text);
  if (full.length <= DISCORD_LIMITS.contentChars) return { content: full, embeds: [] };
  const room = embedRoom(footer);
  const note = `\n… (${cutNote})`;
  const body = text.length <= room ? text : `${text.slice(0, room - Math.max(40, note.length + 1))}${note}`;
  return { content: '', embeds: [{ description: join(body), color: EMBED_COLOR }] };
}

/**
 * The countdown as a line of Discord Markdown. A running clock uses Discord's relative timestamp
 * `<t:UNIX_SECONDS:R>`, which every client renders and keeps current by itself ("in 12 seconds",
 * then "5 seconds ago"); a paused one states the time left; a closed one shows nothing.
 */
export function countdownLine(countdown: ReplyCountdown): string | undefined {
  if (countdown.status === 'closed') return undefined;
  if (countdown.status === 'paused') {
    return `⏸ **Paused** · ${Math.ceil((countdown.pausedRemainingMs ?? 0) / 1000)} s left when it resumes`;
  }
  return `⏱ **${countdown.label ?? 'Ends'}** <t:${Math.round(countdown.endsAtMs / 1000)}:R>`;
}

function buttonJson(button: ReplyButton, seen: Set<string>, warn: Warn): APIComponentInMessageActionRow | null {
  const label = truncate(button.label, DISCORD_LIMITS.buttonLabelChars);
  if (button.url) {
    return { type: 2, style: LINK_STYLE, label, url: button.url, disabled: button.disabled ?? false } as APIComponentInMessageActionRow;
  }
  if (button.id.length > DISCORD_LIMITS.customIdChars || seen.has(button.id)) {
    warn('button left out: its id is longer than 100 characters or used twice', { id: button.id });
    return null;
  }
  seen.add(button.id);
  return {
    type: 2,
    style: BUTTON_STYLES[button.style ?? 'secondary'],
    label,
    custom_id: button.id,
    disabled: button.disabled ?? false,
  } as APIComponentInMessageActionRow;
}

function selectJson(select: ReplySelect, seen: Set<string>, warn: Warn): APIComponentInMessageActionRow | null {
  const options = select.options.slice(0, DISCORD_LIMITS.selectOptions).map((option) => ({
    label: truncate(option.label, DISCORD_LIMITS.selectOptionTextChars),
    value: option.value.slice(0, DISCORD_LIMITS.selectOptionTextChars),
    ...(option.description ? { description: truncate(option.description, DISCORD_LIMITS.selectOptionTextChars) } : {}),
  }));
  if (options.length === 0 || select.id.length > DISCORD_LIMITS.customIdChars || seen.has(select.id)) {
    warn('select left out: no options, or its id is longer than 100 characters or used twice', { id: select.id });
    return null;
  }
  if (select.options.length > DISCORD_LIMITS.selectOptions) warn('select shortened to 25 options', { id: select.id });
  seen.add(select.id);
  return {
    type: 3,
    custom_id: select.id,
    placeholder: truncate(select.placeholder, DISCORD_LIMITS.selectPlaceholderChars),
    options,
    min_values: 1,
    max_values: 1,
  } as APIComponentInMessageActionRow;
}

/**
 * Buttons and selects as action rows: ≤ 5 buttons per row (longer rows wrap), a select fills a
 * row, ≤ 5 rows in all (the rest is left out and logged).
 */
export function buildComponents(reply: Reply, warn: Warn): DiscordMessageBody['components'] {
  const seen = new Set<string>();
  const rows: APIComponentInMessageActionRow[][] = [];
  for (const row of reply.buttons ?? []) {
    const buttons = row.map((b) => buttonJson(b, seen, warn)).filter((b): b is APIComponentInMessageActionRow => b !== null);
    for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) rows.push(buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow));
  }
  for (const select of reply.selects ?? []) {
    const json = selectJson(select, seen, warn);
    if (json) rows.push([json]);
  }
  if (rows.length > DISCORD_LIMITS.actionRows) warn(`${rows.length - DISCORD_LIMITS.actionRows} component rows left out (Discord shows 5)`);
  return rows.slice(0, DISCORD_LIMITS.actionRows).map((components) => ({ type: 1, components }) as APIActionRowComponent<APIComponentInMessageActionRow>);
}

/**
 * Converts a platform-neutral Reply into a discord.js message body: text laid out within 2000
 * characters (embed for longer text), images as attachments fitted to `attachmentSizeLimitBytes`
 * (a note says when one was shrunk, turned into a still or left out), components, and the
 * ephemeral flag. Mentions never ping.
 */
export async function buildMessageBody(
  reply: Reply,
  settings: { attachmentSizeLimitBytes: number; warn: Warn },
): Promise<DiscordMessageBody> {
  const notes: string[] = [];
  const files: DiscordMessageBody['files'] = [];
  const images = reply.images ?? [];
  if (images.length > DISCORD_LIMITS.attachmentsPerMessage) {
    notes.push(`_${images.length - DISCORD_LIMITS.attachmentsPerMessage} more images were left out._`);
  }
  for (const image of images.slice(0, DISCORD_LIMITS.attachmentsPerMessage)) {
    const fitted = await fitImageToLimit(image, settings.attachmentSizeLimitBytes);
    if (fitted.note) {
      notes.push(fitted.note);
      settings.warn('image changed to fit the upload limit', { name: image.name, bytes: image.data.length, limitBytes: settings.attachmentSizeLimitBytes });
    }
    if (fitted.image) {
      files.push({
        attachment: fitted.image.data,
        name: fitted.image.name,
        description: truncate(fitted.image.alt, DISCORD_LIMITS.attachmentDescriptionChars),
      });
    }
  }
  // exports (CSV) after the images, within the same attachment count and size limit
  for (const file of reply.files ?? []) {
    if (files.length >= DISCORD_LIMITS.attachmentsPerMessage || file.data.length > settings.attachmentSizeLimitBytes) {
      notes.push(`_${file.name} was left out (too many files or too big for Discord); the JSON API and the CLI give it in full._`);
      continue;
    }
    files.push({ attachment: file.data, name: file.name });
  }
  let text = reply.text ?? '';
  if (notes.length) text = text ? `${text}\n${notes.join('\n')}` : notes.join('\n');
  const components = buildComponents(reply, settings.warn);
  const footer = reply.countdown ? countdownLine(reply.countdown) ?? '' : '';
  if (!text && !footer && files.length === 0 && components.length === 0) text = 'Done.';
  // text an embed would cut (a long report) also goes whole as a Markdown file, when one more file fits
  const isCut = text.length > embedRoom(footer) && `${text}\n${footer}`.length > DISCORD_LIMITS.contentChars;
  const wholeText = Buffer.from(text, 'utf8');
  const canAttach = files.length < DISCORD_LIMITS.attachmentsPerMessage && wholeText.length <= settings.attachmentSizeLimitBytes;
  if (isCut && canAttach) files.push({ attachment: wholeText, name: FULL_TEXT_FILE_NAME, description: 'The whole reply as Markdown' });
  const { content, embeds } = layoutText(text, footer, isCut && canAttach ? `shortened to fit Discord: the whole text is in the attached ${FULL_TEXT_FILE_NAME}` : undefined);
  return {
    content,
    embeds,
    components,
    files,
    attachments: [],
    allowedMentions: { parse: [] },
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** The progress line shown while a heavy command works: a bar, a percentage and the command's text. */
export function formatProgress(fraction: number, text: string): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const cells = 12;
  const filled = Math.round(clamped * cells);
  const bar = '▰'.repeat(filled) + '▱'.repeat(cells - filled);
  return truncate(`⏳ ${bar} ${Math.round(clamped * 100)}%${text ? ` · ${text}` : ''}`, DISCORD_LIMITS.contentChars);
}
