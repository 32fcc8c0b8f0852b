import { defineCommand } from '../src/chat/define-command.ts';
import { optimizerInfo } from '../src/engine/index.ts';
import { DEFAULT_PATH_OPTIMIZERS, SURFACE_NAMES, surfaces, type SurfaceName } from '../src/engine/surfaces.ts';
import { runJob } from '../src/jobs/index.ts';
import { toReplyImage } from './_lib/format.ts';

/** /optimizers: GD, momentum, AdaGrad, RMSProp and Adam racing over a 2-D loss surface. */
export default defineCommand({
  name: 'optimizers',
  description: 'Watch gradient descent, momentum, AdaGrad, RMSProp and Adam on a loss surface',
  heavy: true,
  options: [
    { name: 'surface', type: 'string', description: 'The loss surface', choices: SURFACE_NAMES, default: 'ravine' },
    { name: 'animate', type: 'boolean', description: 'Send an animation instead of a still picture', default: false },
  ],
  examples: ['/optimizers surface:ravine', '/optimizers surface:saddle animate:true', '/optimizers surface:rosenbrock'],
  async run(ctx) {
    const surface = surfaces[ctx.options.surface as SurfaceName];
    const animate = ctx.options.animate === true;
    await ctx.progress(0.1, animate ? 'animating the paths…' : 'drawing the paths…');
    const { images } = await runJob({ type: 'render', what: 'optimizer-paths', surface: surface.name, animate }, { signal: ctx.signal });
    const lines = DEFAULT_PATH_OPTIMIZERS.map((name) => `- **${optimizerInfo[name].label}** (lr ${surface.learningRates[name]}): ${optimizerInfo[name].description}`);
    await ctx.reply({
      text: [
        `**${surface.label}** — ${surface.description}`,
        `Every optimiser starts at (${surface.start.join(', ')}) and follows the exact gradient for ${surface.steps} steps:`,
        ...lines,
        animate ? '' : 'Add `animate:true` to watch them move.',
      ].filter(Boolean).join('\n'),
      images: images.map(toReplyImage),
      data: { surface: surface.name, optimizers: [...DEFAULT_PATH_OPTIMIZERS], learningRates: surface.learningRates, steps: surface.steps },
    });
  },
});
