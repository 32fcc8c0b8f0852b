import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { specFromPlaygroundUrl, specToPlaygroundUrl } from '../src/engine/index.ts';
import { suggestionFor } from '../src/chat/suggest.ts';
import type { OptionValues } from '../src/chat/types.ts';
import type { TrainSpecInput } from '../src/engine/spec.ts';
import type { TrainSpec } from '../src/engine/types.ts';
import { prepareSpec, setupLine, trainAndReply } from './_lib/training.ts';
import { optionsToSpecInput, pickTrainOptions } from './_lib/train-options.ts';

const PLAYGROUND_HOST = 'playground.tensorflow.org';

/** The setup to train (from a pasted link) or to link to (from the options), checked. */
function specOf(options: OptionValues): { spec: TrainSpec; fromLink: boolean } {
  const url = typeof options.url === 'string' ? options.url.trim() : undefined;
  if (url) {
    if (!url.includes(PLAYGROUND_HOST)) throw new UserError(`\`url\` must be a ${PLAYGROUND_HOST} link (copy it from the browser's address bar).`);
    let input: TrainSpecInput;
    try {
      input = specFromPlaygroundUrl(url) as TrainSpecInput;
    } catch (error) {
      throw new UserError(`\`url\` could not be read as a Playground link: ${(error as Error).message}${suggestionFor(error)}`);
    }
    return { spec: prepareSpec(input), fromLink: true };
  }
  const rest = { ...options };
  delete rest.url;
  // the link is for the Playground, so the setup is the Playground's own (tanh output, squared error)
  return { spec: prepareSpec({ ...optionsToSpecInput(rest), playgroundMode: true }), fromLink: false };
}

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
  checkOptions: (options) => void specOf(options),
  async run(ctx) {
    const { spec, fromLink } = specOf(ctx.options);
    if (fromLink) {
      await trainAndReply(ctx, spec, { intro: 'Trained the setup from your TensorFlow Playground link:' });
      return;
    }
    const link = specToPlaygroundUrl(spec);
    const caveat = link.fits ? '' : `\nThe Playground cannot show this exactly: ${link.differences.join('; ')}. The link opens the closest setup it has.`;
    await ctx.reply({
      // a setup the Playground cannot show is not offered as "this setup" (e.g. moons, sine: not Playground datasets)
      text: `${link.fits ? 'Open this setup in TensorFlow Playground' : 'The closest setup TensorFlow Playground has to this one'}:\n${setupLine(spec)}${caveat}\n[playground.tensorflow.org](${link.url})`,
      buttons: [[{ id: 'playground:link', label: 'Open in TensorFlow Playground', url: link.url }]],
      data: { url: link.url, fits: link.fits, differences: link.differences, spec },
    });
  },
});
