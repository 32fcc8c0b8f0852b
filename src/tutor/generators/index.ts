/** Every question generator, and how one instance is made from a seed. */
import { rngOfText } from '../quiz-order.ts';
import type { BankQuestion } from '../content/schema.ts';
import { paramCountGenerator, splitSizeGenerator, updateCostGenerator, updatesPerEpochGenerator } from './counting.ts';
import { activationSlopeGenerator, activationValueGenerator, chainProductGenerator, sigmoidBoundGenerator, softmaxGenerator } from './derivatives.ts';
import { PICTURE_GENERATORS } from './pictures.ts';
import type { QuestionGenerator } from './types.ts';

export type { QuestionGenerator, GeneratedQuestion } from './types.ts';

/** The generators, each scheduled by FSRS as one card. */
export const GENERATORS: readonly QuestionGenerator[] = [
  paramCountGenerator, updateCostGenerator, updatesPerEpochGenerator, splitSizeGenerator,
  activationValueGenerator, activationSlopeGenerator, chainProductGenerator, sigmoidBoundGenerator, softmaxGenerator,
  ...PICTURE_GENERATORS,
];

/** The generator with this card id, if any. */
export function findGenerator(id: string): QuestionGenerator | undefined {
  return GENERATORS.find((g) => g.id === id);
}

/**
 * The instance of a generator for one presentation seed: the same seed always makes the same
 * question (so an answer is judged against exactly what was shown). A draw whose numbers leave too
 * few distinct wrong answers is redrawn from the same stream.
 */
export function instantiate(generator: QuestionGenerator, seed: string): BankQuestion {
  const rng = rngOfText(`instance|${seed}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const q = generator.generate(rng);
      return { ...q, id: generator.id, lesson: generator.lesson, difficulty: generator.difficulty, file: `generator:${generator.id}` } as BankQuestion;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`generator ${generator.id} could not make a question from seed ${seed}: ${String(lastError)}`);
}
