import { defineCommand } from '../src/chat/define-command.ts';
import { optimizerInfo } from '../src/engine/index.ts';
import { DEFAULT_PATH_OPTIMIZERS, runOptimizerPath, SURFACE_NAMES, surfaces, type PathOptimizerName, type SurfaceName } from '../src/engine/surfaces.ts';
import { runJob } from '../src/jobs/index.ts';
import type { ClaimSet } from '../src/tutor/claims/evaluate.ts';
import { toReplyImage } from './_lib/format.ts';

/** Why each surface's learning rates are what they are (the reply says it, so nobody reads a rate choice as a result). */
const RATE_NOTES: Record<SurfaceName, string> = {
  bowl: 'Each optimiser uses its own rate, picked so its path shows its character on this bowl; compare the shapes of the paths, not the finishing order.',
  ravine: 'All five use the same learning rate, 0.2, so the race is fair: what differs is only how each one turns the gradient into a step.',
  saddle: 'Each optimiser uses its own rate, picked so none of them jumps straight off the ridge: the question is who gets away from the saddle point, not who is fastest.',
  rosenbrock: 'Each optimiser uses its own rate, the largest that does not blow up in this steep valley (plain GD can only afford 0.001), so the rates are not comparable.',
};

/** Optimisers ranked by the value of f where their path ended, lowest first (diverged paths last). */
export function rankByFinalValue(surface: SurfaceName): { name: PathOptimizerName; finalValue: number; diverged: boolean }[] {
  return DEFAULT_PATH_OPTIMIZERS.map((name) => {
    const path = runOptimizerPath(surface, name);
    return { name, finalValue: path.values[path.values.length - 1], diverged: path.stopReason === 'diverged' };
  }).sort((a, b) => Number(a.diverged) - Number(b.diverged) || a.finalValue - b.finalValue);
}

const label = (name: PathOptimizerName): string => (name === 'sgd' ? 'GD' : optimizerInfo[name].label);
const fText = (f: number): string => (Math.abs(f) >= 0.01 ? f.toFixed(3) : f.toExponential(1));

/** What each surface's description says about the race, checked by `lessons:check -- --claims` (runs are named "surface optimiser"). */
export function optimizersClaimSet(): ClaimSet {
  const escapes = (name: PathOptimizerName) => ({ that: `saddle: ${label(name)} escapes into a valley (f < −0.2)`, run: `saddle ${name}`, metric: 'finalValue', below: -0.2 });
  const reaches = (name: PathOptimizerName) => ({ that: `bowl: ${label(name)} gets to the minimum (f < 0.001)`, run: `bowl ${name}`, metric: 'finalValue', below: 0.001 });
  return {
    file: 'commands/optimizers.ts',
    step: '/optimizers (every surface)',
    isDeterministic: true,
    claims: [
      { that: 'ravine, one shared rate: GD crawls along the floor, ending 10× higher than momentum', run: 'ravine sgd', metric: 'finalValue', above: { run: 'ravine momentum', times: 10 } },
      { that: 'ravine: RMSProp scales each direction and ends 10× lower than GD', run: 'ravine rmsprop', metric: 'finalValue', below: { run: 'ravine sgd', times: 0.1 } },
      { that: 'ravine: Adam scales each direction and ends 10× lower than GD', run: 'ravine adam', metric: 'finalValue', below: { run: 'ravine sgd', times: 0.1 } },
      { that: "ravine: AdaGrad's shrinking steps leave it behind GD", run: 'ravine adagrad', metric: 'finalValue', above: { run: 'ravine sgd' } },
      ...DEFAULT_PATH_OPTIMIZERS.map(reaches),
      { that: 'saddle: GD stalls near the saddle point (f ≈ 0)', run: 'saddle sgd', metric: 'finalValue', above: -0.01 },
      ...(['adagrad', 'rmsprop', 'adam'] as const).map(escapes),
      { that: 'rosenbrock: GD is still crawling along the floor after 1000 steps (f > 1)', run: 'rosenbrock sgd', metric: 'finalValue', above: 1 },
      { that: 'rosenbrock: Adam gets close to the minimum (f < 0.01)', run: 'rosenbrock adam', metric: 'finalValue', below: 0.01 },
    ],
    observe: async () => {
      const observations: Record<string, (metric: string) => number> = {};
      for (const surface of SURFACE_NAMES) {
        for (const name of DEFAULT_PATH_OPTIMIZERS) {
          const path = runOptimizerPath(surface, name);
          const finalValue = path.stopReason === 'diverged' ? Infinity : path.values[path.values.length - 1];
          observations[`${surface} ${name}`] = (metric) => (metric === 'finalValue' ? finalValue : NaN);
        }
      }
      return observations;
    },
  };
}

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
    const lines = DEFAULT_PATH_OPTIMIZERS.map((name) => `- **${label(name)}** (lr ${surface.learningRates[name]}): ${optimizerInfo[name].description}`);
    const ranking = rankByFinalValue(surface.name);
    const finish = ranking.map((r, i) => `${i + 1}. ${label(r.name)} ${r.diverged ? 'diverged' : `f = ${fText(r.finalValue)}`}`).join(' · ');
    await ctx.reply({
      text: [
        `**${surface.label}** — ${surface.description}`,
        `Every optimiser starts at (${surface.start.join(', ')}) and follows the exact gradient for ${surface.steps} steps. ${RATE_NOTES[surface.name]}`,
        ...lines,
        `**Where they ended** (lowest loss first): ${finish}`,
        animate ? '' : 'Add `animate:true` to watch them move.',
      ].filter(Boolean).join('\n'),
      images: images.map(toReplyImage),
      data: {
        surface: surface.name, optimizers: [...DEFAULT_PATH_OPTIMIZERS], learningRates: surface.learningRates, steps: surface.steps,
        ranking: ranking.map((r) => ({ optimizer: r.name, finalValue: r.finalValue, diverged: r.diverged })),
      },
    });
  },
});
