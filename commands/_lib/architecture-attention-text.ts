/** The /architecture attention reply, every sentence written from the run's own numbers. */
import type { AttentionDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import { mirroredPosition, tokenLetter } from '../../src/engine/tfjs/architectures/attention.ts';
import { duration, percent } from './format.ts';

/** Share of queries whose largest weight must sit on the mirrored position before the reply calls the pattern clean. */
export const CLEAN_PATTERN_SHARE = 0.9;

const letters = (tokens: number[]) => tokens.map(tokenLetter).join('');

/** "a", "a and b", "a, b and c". */
function listed(items: (string | number)[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Which rows of the example's heatmap look hardest somewhere other than their mirrored cell, and whether those letters came out wrong. */
function exampleRowsSentence(r: AttentionDemoResult): string {
  const { weights, predicted, target } = r.example;
  const elsewhere = weights
    .map((row, q) => ({ row: q + 1, looksAt: row.indexOf(Math.max(...row)) + 1, mirror: mirroredPosition(q, row.length) + 1, wrong: predicted[q] !== target[q] }))
    .filter((q) => q.looksAt !== q.mirror);
  if (elsewhere.length === 0) return 'Every row of its heatmap has its largest weight on the mirrored cell.';
  if (elsewhere.length === 1) {
    const [q] = elsewhere;
    return `In its heatmap, row ${q.row} looks hardest at input ${q.looksAt} instead of its mirrored input ${q.mirror}; that letter came out ${q.wrong ? 'wrong' : 'right all the same'}.`;
  }
  const wrong = elsewhere.filter((q) => q.wrong).length;
  return `In its heatmap, rows ${listed(elsewhere.map((q) => q.row))} look hardest at inputs ${listed(elsewhere.map((q) => q.looksAt))} instead of their mirrored inputs; ${wrong} of these ${elsewhere.length} letters came out wrong.`;
}

/** Test accuracy against guessing, how much attention sits on the mirrored position, and the example in the picture; `stopNote` is added when the run ended early. */
export function attentionText(r: AttentionDemoResult, stopNote = ''): string {
  const o = r.options;
  const L = r.sequenceLength;
  const lastLetter = tokenLetter(r.vocabularySize - 1);
  const lines = [
    `**Self-attention reversing sequences of letters** · one layer, one head: letter embedding (width ${o.modelWidth}) + sinusoidal positional encoding → scaled dot-product attention softmax(QKᵀ/√${o.modelWidth})·V → a linear layer scoring the ${r.vocabularySize} letters · ${r.params.toLocaleString('en-US')} parameters · ${L} letters from A–${lastLetter} per sequence · ${o.trainSequences} training and ${r.testSequences} test sequences (no test sequence was seen in training) · adam (lr ${o.learningRate}) · ${r.epochsRun} epoch${r.epochsRun === 1 ? '' : 's'} · seed ${o.seed} · took ${duration(r.trainMs)} (TensorFlow.js, ${r.backend} backend)`,
    `On the test sequences it put **${percent(r.testTokenAccuracy)}** of the letters in the right place and reversed **${percent(r.testSequenceAccuracy)}** of whole sequences without a mistake. Guessing would get ${percent(r.chanceTokenAccuracy)} of the letters and 1 whole sequence in ${Math.round(1 / r.chanceSequenceAccuracy).toLocaleString('en-US')}.`,
    `Where the attention goes: on average each output position puts **${r.mirroredAttention.toFixed(2)}** of its weight on the mirrored input position (output 1 on input ${L}, output 2 on input ${L - 1}, …), against ${(1 / L).toFixed(3)} if it spread its weight evenly; for ${percent(r.mirroredArgmaxShare)} of the test queries the largest weight sits there.`,
    r.mirroredArgmaxShare >= CLEAN_PATTERN_SHARE
      ? 'That is the dark anti-diagonal in the heatmap. Nothing in the model says "reverse": queries and keys both carry the positional encoding, and training shaped them so that, for those queries, the dot product with the mirrored position\'s key is the largest. All positions are computed at once, with no recurrence — which is why transformers train in parallel.'
      : `The anti-diagonal is not clean yet (fewer than ${percent(CLEAN_PATTERN_SHARE)} of the queries look hardest at the mirrored position): try more \`epochs\`.`,
    `The example in the picture: ${letters(r.example.input)} → ${letters(r.example.predicted)} (target ${letters(r.example.target)}, ${r.example.predicted.filter((t, i) => t === r.example.target[i]).length} of ${L} letters right). ${exampleRowsSentence(r)}`,
  ];
  if (stopNote) lines.push(stopNote);
  return lines.join('\n');
}
