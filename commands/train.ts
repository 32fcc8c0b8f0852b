import { defineCommand } from '../src/chat/define-command.ts';
import { handleTrainComponent, prepareSpec, trainAndReply } from './_lib/training.ts';
import { startLiveView } from './_lib/live-train.ts';
import { optionsToSpecInput, trainOptionDefs } from './_lib/train-options.ts';
import { checkOwnDataOptions, describeOwnData, resolveOwnData, withOwnDataOptions, withoutSavedReference } from './_lib/own-data.ts';

/** /train: every Playground option; replies with numbers, boundary, loss curve and follow-up buttons. */
export default defineCommand({
  name: 'train',
  description: 'Train a small neural network and see its decision boundary and loss curve',
  heavy: true,
  lightActions: ['live-ctl'],
  options: [
    ...withOwnDataOptions(Object.values(trainOptionDefs)),
    { name: 'animate', type: 'boolean', description: 'Also send an animation of the training', default: false },
    { name: 'live', type: 'boolean', description: 'Watch it learn: a live view with pause, step and learning-rate controls', default: false },
  ],
  examples: [
    '/train dataset:spiral layers:8,8 features:x1,x2,sinx1,sinx2 epochs:300',
    '/train dataset:spiral layers:8,8,8 activation:relu optimizer:adam lr:0.01 epochs:300',
    '/train dataset:xor features:x1x2 layers:none',
    '/train dataset:circle activation:identity features:x1,x2,x1sq,x2sq',
    '/train dataset:gauss noise:25 split:70,15,15 early-stopping:20',
    '/train dataset:moons activation:relu',
  ],
  checkOptions: (options) => {
    checkOwnDataOptions(options);
    void prepareSpec(optionsToSpecInput(withoutSavedReference(options)));
  },
  async run(ctx) {
    const animate = ctx.options.animate === true;
    const own = await resolveOwnData(ctx);
    if (!own) {
      const spec = prepareSpec(optionsToSpecInput(ctx.options));
      if (ctx.options.live === true) return startLiveView(ctx, spec);
      await trainAndReply(ctx, spec, { animate });
      return;
    }
    // the data is described (with its scatter plot) first, so a student sees what they sent before the run ends
    const spec = prepareSpec({ ...optionsToSpecInput(withoutSavedReference(ctx.options)), data: own.data });
    await ctx.reply(await describeOwnData(ctx, spec, own, `Training on it now: ${spec.epochs} epochs…`));
    await trainAndReply(ctx, spec, { animate, asFollowUp: true });
  },
  onComponent: handleTrainComponent,
});
