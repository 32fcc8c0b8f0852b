/** The shortest /train command that reproduces a resolved spec: the dataset plus every option that differs from the default. */
import { datasets } from '../../engine/datasets.ts';
import { SPEC_DEFAULTS } from '../../engine/spec.ts';
import type { TrainSpec } from '../../engine/types.ts';
import type { ExperimentSpec } from '../content/schema.ts';
import { trainCommandFor } from '../train-command.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `/train dataset:spiral layers:8,8 … seed:1` — only options that differ from /train's defaults (dataset and seed always). */
export function trainCommandForSpec(spec: TrainSpec): string {
  const d = SPEC_DEFAULTS;
  const pick = <K extends keyof ExperimentSpec & keyof TrainSpec>(key: K, isDefault: boolean): ExperimentSpec[K] | undefined =>
    (isDefault ? undefined : (spec[key] as ExperimentSpec[K]));
  const partial: ExperimentSpec = {
    dataset: spec.dataset,
    points: pick('points', spec.points === datasets[spec.dataset].defaultPoints),
    noise: pick('noise', spec.noise === d.noise),
    split: pick('split', same(spec.split, d.split)),
    features: pick('features', same(spec.features, d.features)),
    scale: pick('scale', spec.scale === d.scale),
    init: pick('init', spec.init === d.init),
    layers: pick('layers', same(spec.layers, d.layers)),
    activation: pick('activation', spec.activation === d.activation),
    playgroundMode: pick('playgroundMode', spec.playgroundMode === d.playgroundMode),
    optimizer: pick('optimizer', spec.optimizer === d.optimizer),
    learningRate: pick('learningRate', spec.learningRate === d.learningRate),
    batchSize: pick('batchSize', spec.batchSize === d.batchSize),
    epochs: pick('epochs', spec.epochs === d.epochs),
    regularization: pick('regularization', spec.regularization === d.regularization),
    regRate: pick('regRate', spec.regRate === d.regRate || spec.regularization === 'none'),
    dropout: pick('dropout', spec.dropout === d.dropout),
    earlyStopping: pick('earlyStopping', spec.earlyStopping === d.earlyStopping),
    seed: spec.seed,
  };
  return trainCommandFor(partial);
}
