/** The engine's hard bounds and the error for a user's mistake in a spec (own file so data parsing and spec resolution can share them). */

/**
 * A user's mistake in a training spec; the message says what is allowed. When one name was
 * refused, `given` and `choices` let the chat layer add "Did you mean …?" (the engine is a leaf).
 */
export class SpecError extends Error {
  readonly given?: string;
  readonly choices?: readonly string[];
  constructor(message: string, refused?: { given: string; choices: readonly string[] }) {
    super(message);
    this.name = 'SpecError';
    this.given = refused?.given;
    this.choices = refused?.choices;
  }
}

/** Hard bounds of the engine (the chat layer may cap lower). */
export const ENGINE_LIMITS = {
  maxHiddenLayers: 10,
  maxNeurons: 64,
  minPoints: 10,
  maxPoints: 5000,
  maxEpochs: 10000,
  maxLearningRate: 10,
  maxTimeLimitMs: 10 * 60_000,
} as const;

