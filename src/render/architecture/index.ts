/** Pictures of the architecture demos, one function per demo. */
import type { ArchitectureDemoResult } from '../../engine/tfjs/architectures/index.ts';
import type { RenderedImage } from '../types.ts';
import { renderCnnFeatureMaps, renderCnnMistakes, renderConfusionMatrix } from './cnn-pictures.ts';
import { renderRnnContinuation } from './rnn-pictures.ts';
import { renderLatentScatter, renderLatentWalk, renderReconstructions } from './autoencoder-pictures.ts';
import { renderAttentionExamples, renderAttentionWeights } from './attention-pictures.ts';

export { renderCnnFeatureMaps, renderCnnMistakes, renderConfusionMatrix } from './cnn-pictures.ts';
export { renderRnnContinuation } from './rnn-pictures.ts';
export { renderLatentScatter, renderLatentWalk, renderReconstructions } from './autoencoder-pictures.ts';
export { renderAttentionExamples, renderAttentionWeights } from './attention-pictures.ts';

/** Every picture of a finished demo, in the order the reply shows them. */
export async function renderArchitectureDemo(demo: ArchitectureDemoResult): Promise<RenderedImage[]> {
  switch (demo.demo) {
    case 'autoencoder':
      return [await renderLatentScatter(demo.result), await renderReconstructions(demo.result), await renderLatentWalk(demo.result)];
    case 'cnn':
      return [await renderCnnFeatureMaps(demo.result), await renderConfusionMatrix(demo.result), await renderCnnMistakes(demo.result)];
    case 'rnn':
      return [await renderRnnContinuation(demo.result)];
    case 'attention':
      return [await renderAttentionWeights(demo.result), await renderAttentionExamples(demo.result)];
  }
}
