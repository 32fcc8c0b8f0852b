/**
 * Questions built from a student's own demo run, by demo: each maker turns a finished run into the
 * questions it supports (answers computed from the run). A new demo adds one entry to
 * RUN_QUESTION_MAKERS; the command, the store and the button handling need no change.
 */
import type { ArchitectureDemoResult } from '../../engine/tfjs/architectures/index.ts';
import { rngOfText } from '../quiz-order.ts';
import { cnnRunQuestions } from './cnn.ts';
import { rnnRunQuestions } from './rnn.ts';
import type { RunQuestion } from './types.ts';
import type { Rng } from '../../engine/rng.ts';

export type { RunQuestion } from './types.ts';

type MakerOf<D> = D extends { demo: infer N; result: infer R } ? { [K in N & string]?: (result: R, rng: Rng) => RunQuestion[] } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** One optional question maker per demo name, typed by that demo's result. */
export type RunQuestionMakers = UnionToIntersection<MakerOf<ArchitectureDemoResult>>;

/** The question makers of the demos that have some. */
export const RUN_QUESTION_MAKERS: RunQuestionMakers = {
  cnn: cnnRunQuestions,
  rnn: rnnRunQuestions,
};

/** One question about this run (picked by `seed` among those it supports), or undefined when it supports none. */
export function pickRunQuestion(demo: ArchitectureDemoResult, seed: string): RunQuestion | undefined {
  if (demo.result.stopReason === 'cancelled') return undefined;
  const rng = rngOfText(`run-question|${seed}`);
  const make = (RUN_QUESTION_MAKERS as Record<string, ((result: unknown, rng: Rng) => RunQuestion[]) | undefined>)[demo.demo];
  const questions = make ? make(demo.result, rng) : [];
  return questions.length > 0 ? questions[rng.int(questions.length)] : undefined;
}
