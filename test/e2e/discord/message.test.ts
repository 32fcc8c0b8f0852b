/** The adapter's conversions on their own: Reply → message body, CommandDef → command JSON, image fitting. */
import { describe, expect, it } from 'vitest';
import type { CommandDef } from '../../../src/chat/types.ts';
import { toDiscordCommand } from '../../../src/platforms/discord/command-json.ts';
import { fitImageToLimit } from '../../../src/platforms/discord/images.ts';
import { buildComponents, buildMessageBody, formatProgress, layoutText } from '../../../src/platforms/discord/message.ts';
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

  it('an empty reply still becomes a message Discord accepts', async () => {
    const body = await buildMessageBody({}, { attachmentSizeLimitBytes: 1000, warn });
    expect(body.content).toBe('Done.');
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
