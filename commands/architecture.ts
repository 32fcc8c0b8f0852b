import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { getLimits } from '../src/chat/limits.ts';
import { ARCHITECTURE_DEMO_NAMES, ARCHITECTURE_DEMOS, isArchitectureDemoName, resolveDemoOptions, type ArchitectureDemoName } from '../src/engine/tfjs/architectures/index.ts';
import { runJob } from '../src/jobs/index.ts';
import { architectureText } from './_lib/architecture-text.ts';
import { architectureData, demoOptionsFrom, SIZE_OPTION_OF } from './_lib/architecture-options.ts';
import { toReplyImage } from './_lib/format.ts';

/** /architecture: trains one of the lecture's deep architectures (TensorFlow.js) and shows what it learned. */
export default defineCommand({
  name: 'architecture',
  description: 'Train one of the lecture\'s deep architectures (TensorFlow.js) and see what it learned',
  heavy: true,
  options: [
    { name: 'model', type: 'string', description: 'Which architecture', required: true, choices: ARCHITECTURE_DEMO_NAMES },
    { name: 'epochs', type: 'integer', description: 'Training epochs (each model has its own default)', min: 1, max: 400 },
    { name: 'lr', type: 'number', description: 'Learning rate (Adam)', min: 0.0001, max: 0.1 },
    { name: 'seed', type: 'integer', description: 'Random seed (data and initial weights)', min: 0, max: 1_000_000 },
    { name: 'size', type: 'integer', description: 'Training set size (autoencoder, cnn: images; rnn: signal windows; attention: sequences)', min: 1, max: 6000 },
  ],
  examples: ['/architecture model:cnn', '/architecture model:cnn epochs:6 seed:2', '/architecture model:autoencoder', '/architecture model:attention'],
  checkOptions: (options) => {
    const model = String(options.model ?? '');
    if (isArchitectureDemoName(model)) checkedOptions(model, options);
  },
  async run(ctx) {
    const model = String(ctx.options.model);
    if (!isArchitectureDemoName(model)) throw new UserError(`\`model\` must be one of ${ARCHITECTURE_DEMO_NAMES.join(', ')}.`);
    const options = checkedOptions(model, ctx.options);
    await ctx.progress(0, `training the ${model} demo…`);
    const output = await runJob(
      { type: 'architecture', demo: model, options, timeLimitMs: getLimits().runBudgetMs },
      { signal: ctx.signal, onProgress: (fraction, text) => void ctx.progress(fraction, text).catch(() => undefined) },
    );
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new UserError('The run was cancelled.');
    if (!output.architecture) throw new Error('architecture job returned no result');
    await ctx.reply({
      text: architectureText(output.architecture),
      images: output.images.map(toReplyImage),
      data: architectureData(output.architecture),
    });
  },
});

/** The chat options as the demo's options, checked against its ranges (a UserError names the option). */
function checkedOptions(model: ArchitectureDemoName, options: Record<string, unknown>): Record<string, number> {
  try {
    return resolveDemoOptions(model, demoOptionsFrom(model, options), { learningRate: 'lr', [SIZE_OPTION_OF[model]]: 'size' });
  } catch (error) {
    throw new UserError(`${(error as Error).message} (${ARCHITECTURE_DEMOS[model].label}.)`);
  }
}
