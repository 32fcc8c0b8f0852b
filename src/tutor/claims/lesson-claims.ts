/** The claims written next to the lessons' experiments, as claim sets the checker can run. */
import type { TrainResult } from '../../engine/types.ts';
import type { Content, Experiment, Lesson } from '../content/schema.ts';
import type { ClaimSet, Observations, TrainRunner } from './evaluate.ts';
import { runMetric } from './metrics.ts';

/** Observations of training results keyed by run label. */
export function observationsOf(results: Record<string, TrainResult>): Observations {
  return Object.fromEntries(Object.entries(results).map(([label, result]) => [label, (metric: string) => runMetric(result, metric)]));
}

/** Trains every run of an experiment on seed offset `seedOffset` (each run's own seed + offset). */
export async function trainExperiment(experiment: Experiment, seedOffset: number, trainRun: TrainRunner): Promise<Record<string, TrainResult>> {
  const results = await Promise.all(experiment.runs.map((run) => trainRun({ ...run.spec, seed: (run.spec.seed ?? 1) + seedOffset })));
  return Object.fromEntries(experiment.runs.map((run, i) => [run.label, results[i]]));
}

/** One claim set per lesson step whose experiment declares claims. */
export function lessonClaimSets(content: Content): ClaimSet[] {
  const sets: ClaimSet[] = [];
  for (const lesson of content.lessons) {
    for (const step of lesson.steps) {
      const experiment = step.experiment;
      if (!experiment?.claims?.length) continue;
      sets.push({
        file: lesson.file,
        step: step.title,
        claims: experiment.claims,
        observe: async (seedOffset, trainRun) => observationsOf(await trainExperiment(experiment, seedOffset, trainRun)),
      });
    }
  }
  return sets;
}

/** Steps that train something (not only showing the data) but state no claim: each is a gap in the proof. */
export function stepsWithoutClaims(lessons: Lesson[]): { file: string; step: string }[] {
  return lessons.flatMap((lesson) => lesson.steps
    .filter((s) => s.experiment && !s.experiment.show.every((k) => k === 'dataset') && !s.experiment.claims?.length)
    .map((s) => ({ file: lesson.file, step: s.title })));
}
