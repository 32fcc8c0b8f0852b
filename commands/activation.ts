import { defineCommand } from '../src/chat/define-command.ts';
import { describeList, parseNameList, type NameListRule } from '../src/chat/list-values.ts';
import { activations } from '../src/engine/index.ts';
import { ACTIVATION_NAMES, type ActivationName } from '../src/engine/types.ts';
import { runJob } from '../src/jobs/index.ts';
import { toReplyImage } from './_lib/format.ts';
import { listAutocomplete } from './_lib/train-options.ts';

/** Activations to overlay: each of the ten at most once. */
const COMPARE_RULE: NameListRule = {
  choices: ACTIVATION_NAMES, minItems: 1, maxItems: ACTIVATION_NAMES.length, isUnique: true, example: 'sigmoid,tanh,relu',
};

/** Parses "sigmoid,tanh,relu" into activation names; a UserError names `compare`, the mistake and the name meant. */
export function parseActivationList(text: string): ActivationName[] {
  return parseNameList('compare', text, COMPARE_RULE) as ActivationName[];
}

function describe(name: ActivationName): string {
  const a = activations[name];
  return [
    `**${a.label}** (\`${name}\`)`,
    `- \`${a.formula}\``,
    `- \`${a.derivative}\``,
    `- Range: ${a.range}`,
    `- Used in: ${a.usedIn}`,
    `- ${a.notes}`,
  ].join('\n');
}

/** /activation: plots g(x) and g'(x) and explains one activation, or overlays several. */
export default defineCommand({
  name: 'activation',
  description: 'Plot and explain an activation function, or compare several',
  heavy: true,
  options: [
    { name: 'name', type: 'string', description: 'The activation to show', choices: ACTIVATION_NAMES },
    { name: 'compare', type: 'string', description: 'Several to overlay, e.g. sigmoid,tanh,relu', autocomplete: listAutocomplete(ACTIVATION_NAMES),
      allowed: describeList(COMPARE_RULE), check: (text) => void parseActivationList(text) },
  ],
  examples: ['/activation name:relu', '/activation name:sigmoid', '/activation compare:sigmoid,tanh,relu,gelu'],
  async run(ctx) {
    const one = ctx.options.name as ActivationName | undefined;
    const many = typeof ctx.options.compare === 'string' ? parseActivationList(ctx.options.compare) : [];
    const names = [...new Set([...(one ? [one] : []), ...many])];
    if (names.length === 0) {
      const table = ACTIVATION_NAMES.map((n) => `- \`${n}\` — ${activations[n].label}: \`${activations[n].formula}\`, range ${activations[n].range}`).join('\n');
      const { images } = await runJob({ type: 'render', what: 'activation', names: ['sigmoid', 'tanh', 'relu', 'gelu'] }, { signal: ctx.signal });
      await ctx.reply({
        text: `The ten activations of the lecture:\n${table}\nShow one with \`/activation name:relu\`, or overlay several with \`/activation compare:sigmoid,tanh,relu\`.`,
        images: images.map(toReplyImage),
        data: { activations: [...ACTIVATION_NAMES] },
      });
      return;
    }
    const { images } = await runJob({ type: 'render', what: 'activation', names }, { signal: ctx.signal });
    const vanishing = names.some((n) => n === 'sigmoid' || n === 'tanh')
      ? '\n**Vanishing gradients:** sigmoid\'s slope is at most 0.25 and tanh\'s at most 1, and both go to 0 for large |x|. Backpropagation multiplies one such factor per layer, so in a deep sigmoid network the first layers barely learn — ReLU-like activations keep a slope of 1 for x > 0.'
      : '';
    await ctx.reply({
      text: names.map(describe).join('\n\n') + vanishing,
      images: images.map(toReplyImage),
      data: { activations: names.map((n) => ({ name: n, formula: activations[n].formula, derivative: activations[n].derivative, range: activations[n].range, usedIn: activations[n].usedIn })) },
    });
  },
});
