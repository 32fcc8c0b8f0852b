import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { specFromPlaygroundUrl, specToPlaygroundUrl } from '../src/engine/index.ts';
import type { TrainSpecInput } from '../src/engine/spec.ts';
import { prepareSpec, setupLine, trainAndReply } from './_lib/training.ts';
import { optionsToSpecInput, pickTrainOptions } from './_lib/train-options.ts';

const PLAYGROUND_HOST = 'playground.tensorflow.org';

/** /playground: train a pasted TensorFlow Playground link here, or get the link for a setup. */
export default defineCommand({
  name: 'playground',
  description: 'Train a TensorFlow Playground link here, or get the Playground link for a setup',
  heavy: true,
  options: [
    { name: 'url', type: 'string', description: 'A playground.tensorflow.org link to train here' },
    ...pickTrainOptions('dataset', 'features', 'layers', 'activation', 'lr', 'batch-size', 'noise', 'split', 'regularization', 'reg-rate', 'seed').map((d) => ({ ...d, default: undefined })),
  ],
  examples: [
    '/playground url:https://playground.tensorflow.org/#activation=tanh&dataset=spiral&networkShape=8,8&x=true&y=true&sinX=true&sinY=true',
    '/playground dataset:xor features:x1x2 layers:none',
  ],
  async run(ctx) {
    const url = typeof ctx.options.url === 'string' ? ctx.options.url.trim() : undefined;
    if (url) {
      if (!url.includes(PLAYGROUND_HOST)) throw new UserError(`\`url\` must be a ${PLAYGROUND_HOST} link (copy it from the browser's address bar).`);
      let input: TrainSpecInput;
      try {
        input = specFromPlaygroundUrl(url) as TrainSpecInput;
      } catch (error) {
        throw new UserError(`\`url\` could not be read as a Playground link: ${(error as Error).message}`);
      }
      const spec = prepareSpec(input);
      await trainAndReply(ctx, spec, { intro: 'Trained the setup from your TensorFlow Playground link:' });
      return;
    }
    const rest = { ...ctx.options };
    delete rest.url;
    // the link is for the Playground, so the setup is the Playground's own (tanh output, squared error)
    const spec = prepareSpec({ ...optionsToSpecInput(rest), playgroundMode: true });
    const link = specToPlaygroundUrl(spec);
    const caveat = link.fits ? '' : `\nThe Playground cannot show this exactly: ${link.differences.join('; ')}. The link opens the closest setup it has.`;
    await ctx.reply({
      text: `Open this setup in TensorFlow Playground:\n${setupLine(spec)}${caveat}\n[playground.tensorflow.org](${link.url})`,
      buttons: [[{ id: 'playground:link', label: 'Open in TensorFlow Playground', url: link.url }]],
      data: { url: link.url, fits: link.fits, differences: link.differences, spec },
    });
  },
});
