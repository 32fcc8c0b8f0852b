/** What a Playground-mode run says about itself: one sentence shared by the CLI and the chat replies. */
import type { ProblemKind } from './types.ts';

/**
 * The note for a Playground-mode run of this kind. Binary sets get the Playground's tanh output;
 * regression its linear output; multi-class sets (which the Playground lacks) keep softmax.
 */
export function playgroundModeNote(kind: ProblemKind): string {
  if (kind === 'binary') return 'Playground mode: tanh output, squared error, same update rules as the Playground';
  if (kind === 'regression') return 'Playground mode: linear output, squared error, same update rules as the Playground';
  return 'Playground mode: same update rules as the Playground; softmax output with cross-entropy, since the Playground has no multi-class sets';
}

/** The loss a Playground-mode run reports, in words: the Playground's own for binary and regression sets. */
export function playgroundLossNote(kind: ProblemKind): string {
  return kind === 'multiclass' ? 'losses are cross-entropy' : "losses are the Playground's (mean of ½·(output − label)²)";
}
