/** The adapter's conversions on their own: Reply → message body, CommandDef → command JSON, image fitting. */
import { describe, expect, it } from 'vitest';
import type { CommandDef } from '../../../src/chat/types.ts';
import { toDiscordCommand } from '../../../src/platforms/discord/command-json.ts';
import { fitImageToLimit } from '../../../src/platforms/discord/images.ts';
import { buildComponents, buildMessageBody, countdownLine, formatProgress, FULL_TEXT_FILE_NAME, layoutText } from '../../../src/platforms/discord/message.ts';
import { checkMessageBody } from '../../fakes/discord/checks.ts';

const warnings: string[] = [];
const warn = (message: string) => void warnings.push(message);

describe('text layout', () => {
  it('keeps up to 2000 characters as content and moves longer text into an embed', () => {
    expect(layoutText('x'.repeat(2000))).toEqual({ content: 'x'.repeat(2000), embeds: [] });
    const long = layoutText('y'.repeat(2001));
    expect(long.content).toBe('');
    expect(long.embeds[0]!.description).toHaveLength(2001);
  });

  it('shortens text beyond an embed’s 4096 characters and says so', () => {
    const { embeds } = layoutText('z'.repeat(5000));
    expect(embeds[0]!.description.length).toBeLessThanOrEqual(4096);
    expect(embeds[0]!.description).toMatch(/shortened to fit Discord\)$/);
  });

  it('a reply too long for an embed (a long report) keeps a valid embed and attaches the whole text as Markdown', async () => {
    const text = Array.from({ length: 120 }, (_, i) => `- **Question ${i + 1}**: ${'words '.repeat(10)}`).join('\n');
    expect(text.length).toBeGreaterThan(6000);
    const csv = { name: 'class-report-questions.csv', contentType: 'text/csv' as const, data: Buffer.from('a,b\n1,2\n') };
    const body = await buildMessageBody({ text, files: [csv], ephemeral: true }, { attachmentSizeLimitBytes: 1_000_000, warn });
    expect(body.files.map((f) => f.name)).toEqual(['class-report-questions.csv', FULL_TEXT_FILE_NAME]);
    expect(body.files[1]!.attachment.toString('utf8')).toBe(text);
    expect(body.embeds[0]!.description.length).toBeLessThanOrEqual(4096);
    expect(body.embeds[0]!.description).toContain(`the whole text is in the attached ${FULL_TEXT_FILE_NAME}`);
    const uploaded = body.files.map((f, i) => ({ field: `files[${i}]`, filename: f.name, size: f.attachment.length }));
    expect(checkMessageBody({ ...body, attachments: body.files.map((f, i) => ({ id: i, filename: f.name, description: f.description })) } as unknown as Record<string, unknown>, uploaded, 1_000_000, { isEdit: false })).toBeNull();
    // text that fits an embed gets no extra file
    const fits = await buildMessageBody({ text: 'x'.repeat(3000) }, { attachmentSizeLimitBytes: 1_000_000, warn });
    expect(fits.files).toEqual([]);
  });

  it('the fake refuses embeds beyond Discord\'s limits (description, fields, field value, footer, total), so what the adapter sends is checked', () => {
    const refused = (embed: Record<string, unknown>) => checkMessageBody({ content: '', embeds: [embed] }, [], 1000, { isEdit: false })?.message;
    expect(refused({ description: 'x'.repeat(4097) })).toBeDefined();
    expect(refused({ description: 'x', fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) })).toBeDefined();
    expect(refused({ description: 'x', fields: [{ name: 'n', value: 'v'.repeat(1025) }] })).toBeDefined();
    expect(refused({ description: 'x', footer: { text: 'f'.repeat(2049) } })).toBeDefined();
    expect(refused({ description: 'x'.repeat(4000), fields: [{ name: 'n', value: 'v'.repeat(1000) }, { name: 'n', value: 'v'.repeat(1000) }] })).toBeDefined();
    expect(refused({ description: 'x'.repeat(4096), footer: { text: 'f'.repeat(100) } })).toBeUndefined();
  });

  it('an empty reply still becomes a message Discord accepts', async () => {
    const body = await buildMessageBody({}, { attachmentSizeLimitBytes: 1000, warn });
    expect(body.content).toBe('Done.');
    expect(checkMessageBody(body as unknown as Record<string, unknown>, [], 1000, { isEdit: false })).toBeNull();
  });
});

describe('countdown', () => {
  const endsAtMs = Date.UTC(2026, 10, 25, 10, 0, 20, 400); // 10:00:20.4 UTC → Unix second 1795600820
  const unixSeconds = Math.round(endsAtMs / 1000);

  it('a running countdown ends the message with Discord\'s live relative timestamp <t:UNIX_SECONDS:R>', async () => {
    const body = await buildMessageBody(
      { text: '**Question 1/3**', countdown: { endsAtMs, totalMs: 20_000, label: 'Answers close' } },
      { attachmentSizeLimitBytes: 1000, warn },
    );
    expect(unixSeconds).toBe(1795600820);
    expect(body.content).toBe('**Question 1/3**\n⏱ **Answers close** <t:1795600820:R>');
    expect(checkMessageBody(body as unknown as Record<string, unknown>, [], 1000, { isEdit: false })).toBeNull();
  });

  it('a paused countdown states the time left instead of a timestamp, and a closed one adds nothing', () => {
    expect(countdownLine({ endsAtMs, status: 'paused', pausedRemainingMs: 14_200 })).toBe('⏸ **Paused** · 15 s left when it resumes');
    expect(countdownLine({ endsAtMs, status: 'closed' })).toBeUndefined();
    expect(countdownLine({ endsAtMs })).toBe(`⏱ **Ends** <t:${unixSeconds}:R>`);
  });

  it('text too long for one message is cut, but the countdown line at its end is kept whole', async () => {
    const body = await buildMessageBody({ text: 'q'.repeat(5000), countdown: { endsAtMs, label: 'Answers close' } }, { attachmentSizeLimitBytes: 1000, warn });
    const description = body.embeds[0]!.description;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toContain('shortened to fit Discord');
    expect(description.endsWith(`<t:${unixSeconds}:R>`)).toBe(true);
    // just over 2000 characters with the line: into an embed, whole
    const near = layoutText('n'.repeat(1990), `⏱ **Ends** <t:${unixSeconds}:R>`);
    expect(near.content).toBe('');
    expect(near.embeds[0]!.description).toBe(`${'n'.repeat(1990)}\n⏱ **Ends** <t:${unixSeconds}:R>`);
    expect(checkMessageBody(body as unknown as Record<string, unknown>, [], 1000, { isEdit: false })).toBeNull();
  });
});

describe('progress line', () => {
  it('shows a 12-cell bar, the percentage and the text, and clamps odd fractions', () => {
    expect(formatProgress(0.5, 'epoch 250/500')).toBe('⏳ ▰▰▰▰▰▰▱▱▱▱▱▱ 50% · epoch 250/500');
    expect(formatProgress(7, '')).toBe('⏳ ▰▰▰▰▰▰▰▰▰▰▰▰ 100%');
    expect(formatProgress(Number.NaN, 'x')).toBe('⏳ ▱▱▱▱▱▱▱▱▱▱▱▱ 0% · x');
  });
});

describe('components', () => {
  it('a link button has style 5, a url and no custom_id; duplicate ids are left out with a warning', () => {
    warnings.length = 0;
    const rows = buildComponents(
      { buttons: [[{ id: 'train:again:1', label: 'Again' }, { id: 'train:again:1', label: 'Twice' }, { id: 'train:link', label: 'Playground', url: 'https://playground.tensorflow.org/' }]] },
      warn,
    );
    expect(rows[0]!.components).toEqual([
      { type: 2, style: 2, label: 'Again', custom_id: 'train:again:1', disabled: false },
      { type: 2, style: 5, label: 'Playground', url: 'https://playground.tensorflow.org/', disabled: false },
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('a select keeps at most 25 options and labels of at most 100 characters', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ label: `${i}`.padEnd(120, 'l'), value: `v${i}` }));
    const [row] = buildComponents({ selects: [{ id: 'quiz:answer', placeholder: 'Pick', options }] }, warn);
    const select = row!.components[0] as unknown as { options: { label: string }[] };
    expect(select.options).toHaveLength(25);
    expect(select.options[0]!.label).toHaveLength(100);
  });
});

describe('command JSON', () => {
  const def: CommandDef = {
    name: 'demo',
    description: 'Demo',
    options: [
      { name: 'layers', type: 'string', description: 'Hidden layer sizes', default: '4,2', autocomplete: () => [] },
      { name: 'dataset', type: 'string', description: 'Data', choices: ['xor', 'spiral'], autocomplete: () => [] },
      { name: 'lr', type: 'number', description: 'd'.repeat(95), min: 0, max: 10, default: 0.03 },
    ],
    run: async () => undefined,
  };

  it('offers autocomplete only where there are no choices, and carries min/max for numbers', () => {
    const [layers, dataset, lr] = toDiscordCommand(def).options;
    expect(layers).toEqual({ type: 3, name: 'layers', description: 'Hidden layer sizes (default 4,2)', autocomplete: true });
    expect(dataset).toEqual({ type: 3, name: 'dataset', description: 'Data', choices: [{ name: 'xor', value: 'xor' }, { name: 'spiral', value: 'spiral' }] });
    expect(lr).toMatchObject({ type: 10, min_value: 0, max_value: 10 });
  });

  it('a user option becomes Discord\'s user picker (type 6), with no choices or autocomplete', () => {
    const json = toDiscordCommand({ ...def, options: [{ name: 'user', type: 'user', description: 'Who', autocomplete: () => [] }] });
    expect(json.options[0]).toEqual({ type: 6, name: 'user', description: 'Who' });
  });

  it('mentions the default only when the description still fits in 100 characters', () => {
    expect(toDiscordCommand(def).options[2]!.description).toBe('d'.repeat(95));
  });
});

describe('image fitting', () => {
  it('an image that fits is passed through untouched', async () => {
    const image = { name: 'a.png', alt: 'a', contentType: 'image/png' as const, data: Buffer.alloc(10) };
    expect(await fitImageToLimit(image, 10)).toEqual({ image });
  });

  it('an oversized file that is not a decodable image is left out with a note', async () => {
    const fitted = await fitImageToLimit({ name: 'broken.png', alt: 'x', contentType: 'image/png', data: Buffer.alloc(5000, 7) }, 1000);
    expect(fitted.image).toBeNull();
    expect(fitted.note).toMatch(/broken\.png was too large .* left out/);
  });
});
