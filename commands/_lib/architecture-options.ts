/** Chat option names ↔ the architecture demos' own option names, and the JSON data of a finished demo. */
import type { ArchitectureDemoName, ArchitectureDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import { autoencoderData } from './autoencoder-text.ts';

/** What the shared `size` option means for each demo. */
export const SIZE_OPTION_OF: Record<ArchitectureDemoName, string> = {
  autoencoder: 'trainImages',
  cnn: 'trainImages',
  rnn: 'trainWindows',
  attention: 'trainSequences',
};

/** Picks the demo's options out of the chat options (`lr` → learningRate, `size` → the demo's size option). */
export function demoOptionsFrom(model: ArchitectureDemoName, options: Record<string, unknown>): Record<string, unknown> {
  return {
    epochs: options.epochs,
    learningRate: options.lr,
    seed: options.seed,
    [SIZE_OPTION_OF[model]]: options.size,
  };
}

/** Machine-readable summary for Reply.data (the JSON API, tests): the numbers the text is written from, without pixel arrays. */
export function architectureData(demo: ArchitectureDemoResult): Record<string, unknown> {
  switch (demo.demo) {
    case 'autoencoder':
      return autoencoderData(demo.result);
    case 'cnn': {
      const r = demo.result;
      return {
        model: 'cnn', options: r.options, backend: r.backend, stopReason: r.stopReason, epochsRun: r.epochsRun, trainMs: r.trainMs,
        testAccuracy: r.testAccuracy, trainAccuracy: r.trainAccuracy, params: r.params, mlp: r.mlp, confusion: r.confusion,
        verticalPreference: r.verticalPreference, verticalFilter: r.verticalPreference.indexOf(Math.max(...r.verticalPreference)) + 1,
        misclassified: r.misclassified.map((d) => ({ label: d.label, predicted: d.predicted })),
      };
    }
    case 'rnn': {
      const r = demo.result;
      return {
        model: 'rnn', options: r.options, backend: r.backend, stopReason: r.stopReason, epochsRun: r.epochsRun, trainMs: r.trainMs,
        rnnError: r.rnnError, mlpError: r.mlpError, rnnGoodSteps: r.rnnGoodSteps, mlpGoodSteps: r.mlpGoodSteps,
        rnnParams: r.rnnParams, mlpParams: r.mlpParams, testSeries: r.testSeries,
      };
    }
    case 'attention': {
      const r = demo.result;
      return {
        model: 'attention', options: r.options, backend: r.backend, stopReason: r.stopReason, epochsRun: r.epochsRun, trainMs: r.trainMs,
        sequenceLength: r.sequenceLength, vocabularySize: r.vocabularySize, testSequences: r.testSequences, params: r.params,
        testTokenAccuracy: r.testTokenAccuracy, testSequenceAccuracy: r.testSequenceAccuracy,
        chanceTokenAccuracy: r.chanceTokenAccuracy, chanceSequenceAccuracy: r.chanceSequenceAccuracy,
        mirroredAttention: r.mirroredAttention, mirroredArgmaxShare: r.mirroredArgmaxShare, mirroredAttentionByPosition: r.mirroredAttentionByPosition,
        history: r.history, example: { input: r.example.input, predicted: r.example.predicted, target: r.example.target, weights: r.example.weights },
      };
    }
  }
}
