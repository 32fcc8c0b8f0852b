/** Turns an experiment spec into the /train command a student can type to vary it. */
import type { ExperimentSpec } from './content/schema.ts';

/** `/train dataset:circle layers:4,2 …` with /train's option names (lists comma-separated, [] → none). */
export function trainCommandFor(spec: ExperimentSpec): string {
  const parts: string[] = ['/train'];
  const add = (name: string, value: unknown) => { if (value !== undefined && value !== null) parts.push(`${name}:${value}`); };
  add('dataset', spec.dataset);
  add('points', spec.points);
  add('noise', spec.noise);
  if (spec.split) add('split', [spec.split.train, spec.split.val, spec.split.test].map((f) => Math.round(f * 100)).join(','));
  add('features', spec.features?.join(','));
  add('scale', spec.scale);
  if (spec.layers) add('layers', spec.layers.length ? spec.layers.join(',') : 'none');
  add('activation', spec.activation);
  if (spec.playgroundMode) add('playground-mode', true);
  add('init', spec.init);
  add('optimizer', spec.optimizer);
  add('lr', spec.learningRate);
  add('batch-size', spec.batchSize);
  add('epochs', spec.epochs);
  add('regularization', spec.regularization);
  add('reg-rate', spec.regRate);
  add('dropout', spec.dropout);
  add('early-stopping', spec.earlyStopping);
  add('seed', spec.seed);
  return parts.join(' ');
}
