import { defineCommand } from '../src/chat/define-command.ts';
import { handleTrainComponent, prepareSpec, trainAndReply } from './_lib/training.ts';
import { startLiveView } from './_lib/live-train.ts';
import { optionsToSpecInput, trainOptionDefs } from './_lib/train-options.ts';

/** /train: every Playground option; replies with numbers, boundary, loss curve and follow-up buttons. */
export default defineCommand({
  name: 'train',
  description: 'Train a small neural network and see its decision boundary and loss curve',
  heavy: true,
  lightActions: ['live-ctl'],
  options: [
    ...Object.values(trainOptionDefs),
    { name: 'animate', type: 'boolean', description: 'Also send an animation of the training', default: false },
    { name: 'live', type: 'boolean', description: 'Watch it learn: a live view with pause, step and learning-rate controls', default: false },
  ],
  examples: [
    '/train dataset:spiral layers:8,8 features:x1,x2,sinx1,sinx2 epochs:300',
    '/train dataset:spiral layers:8,8,8 activation:relu optimizer:adam lr:0.01 epochs:300',
    '/train dataset:xor features:x1x2 layers:none',
    '/train dataset:circle activation:identity features:x1,x2,x1sq,x2sq',
    '/train dataset:gauss noise:25 split:70,15,15 early-stopping:20',
  ],
  checkOptions: (options) => void prepareSpec(optionsToSpecInput(options)),
  async run(ctx) {
    const spec = prepareSpec(optionsToSpecInput(ctx.options));
    if (ctx.options.live === true) return startLiveView(ctx, spec);
    await trainAndReply(ctx, spec, { animate: ctx.options.animate === true });
  },
  onComponent: handleTrainComponent,
});
