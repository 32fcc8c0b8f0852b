/**
 * What lesson 08's architecture steps and the /architecture replies say in general about the
 * default demos, as claims `lessons:check -- --claims` measures on several seeds (seed offset 0 =
 * the default seed a student gets first).
 */
import { runJob } from '../../src/jobs/index.ts';
import { ARCHITECTURE_DEMOS, type ArchitectureDemoName, type ArchitectureDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import type { ClaimSet, Observations } from '../../src/tutor/claims/evaluate.ts';

/** Generous: the check measures the real cost, not this bot's per-run limit. */
const CHECK_TIME_LIMIT_MS = 10 * 60_000;

async function runDefaultDemo(demo: ArchitectureDemoName, seedOffset: number): Promise<ArchitectureDemoResult> {
  const seed = ARCHITECTURE_DEMOS[demo].options.seed.default + seedOffset;
  const { architecture } = await runJob({ type: 'architecture', demo, options: { seed }, timeLimitMs: CHECK_TIME_LIMIT_MS, skipImages: true });
  if (!architecture || architecture.demo !== demo) throw new Error(`the ${demo} demo returned no result`);
  if (architecture.result.stopReason !== 'epochs') throw new Error(`the ${demo} demo stopped early (${architecture.result.stopReason})`);
  return architecture;
}

function metricsOf(values: Record<string, number>): (metric: string) => number {
  return (metric) => {
    if (!(metric in values)) throw new Error(`no metric "${metric}" (has ${Object.keys(values).join(', ')})`);
    return values[metric];
  };
}

/** /architecture autoencoder, cnn, rnn and attention with their defaults. */
export function architectureClaimSets(): ClaimSet[] {
  return [
    {
      file: 'lessons/08-deep-architectures.md',
      step: '/architecture autoencoder (defaults)',
      claims: [
        { that: 'rebuilt from a 2-number code, the test digits\' reconstruction error is below that of always answering the mean training image', run: 'autoencoder', metric: 'reconstructionError', below: { run: 'meanImage' } },
        { that: 'and below that of the linear 2-D compression, PCA onto the 2 directions of largest variance', run: 'autoencoder', metric: 'reconstructionError', below: { run: 'pca' } },
        { that: 'in the 2-D code, more test digits lie nearest their own digit\'s centre than the 10 % chance gives', run: 'autoencoder', metric: 'centroidAccuracy', above: 0.1 },
        { that: 'but fewer than half of them do: the digits overlap in the code plane', run: 'autoencoder', metric: 'centroidAccuracy', below: 0.5 },
      ],
      observe: async (seedOffset): Promise<Observations> => {
        const run = await runDefaultDemo('autoencoder', seedOffset);
        if (run.demo !== 'autoencoder') throw new Error('wrong demo');
        const r = run.result;
        return {
          autoencoder: metricsOf({ reconstructionError: r.testError, centroidAccuracy: r.centroidAccuracy }),
          meanImage: metricsOf({ reconstructionError: r.meanImageError }),
          pca: metricsOf({ reconstructionError: r.pcaError }),
        };
      },
    },
    {
      file: 'lessons/08-deep-architectures.md',
      step: '/architecture cnn (defaults)',
      claims: [
        { that: 'the CNN reaches at least 95 % test accuracy on the generated digits', run: 'cnn', metric: 'testAccuracy', above: 0.95, seeds: '4/5' },
        { that: 'the CNN has fewer parameters than the one-hidden-layer MLP it is compared with', run: 'cnn', metric: 'params', below: { run: 'mlp' } },
        { that: 'the CNN ends with a higher test accuracy than that MLP', run: 'cnn', metric: 'testAccuracy', above: { run: 'mlp' }, seeds: '4/5' },
      ],
      observe: async (seedOffset): Promise<Observations> => {
        const run = await runDefaultDemo('cnn', seedOffset);
        if (run.demo !== 'cnn') throw new Error('wrong demo');
        const r = run.result;
        return {
          cnn: metricsOf({ testAccuracy: r.testAccuracy, params: r.params }),
          mlp: metricsOf({ testAccuracy: r.mlp.testAccuracy, params: r.mlp.params }),
        };
      },
    },
    {
      file: 'lessons/08-deep-architectures.md',
      step: '/architecture rnn (defaults)',
      claims: [
        { that: 'unrolled beyond the input, the RNN\'s error against the clean signal is below the fixed-window MLP\'s', run: 'rnn', metric: 'continuationError', below: { run: 'mlp' }, seeds: '4/5' },
        { that: 'the RNN stays within the tolerance band for more steps than the MLP', run: 'rnn', metric: 'goodSteps', above: { run: 'mlp' }, seeds: '4/5' },
      ],
      observe: async (seedOffset): Promise<Observations> => {
        const run = await runDefaultDemo('rnn', seedOffset);
        if (run.demo !== 'rnn') throw new Error('wrong demo');
        const r = run.result;
        return {
          rnn: metricsOf({ continuationError: r.rnnError, goodSteps: r.rnnGoodSteps }),
          mlp: metricsOf({ continuationError: r.mlpError, goodSteps: r.mlpGoodSteps }),
        };
      },
    },
    attentionClaimSet(),
  ];
}

/** /architecture attention: it learns to reverse, and its attention sits on the mirrored positions (the anti-diagonal). */
function attentionClaimSet(): ClaimSet {
  return {
    file: 'lessons/08-deep-architectures.md',
    step: '/architecture attention (defaults)',
    claims: [
      { that: 'the self-attention model puts at least 95 % of the test letters in the right place', run: 'attention', metric: 'testTokenAccuracy', above: 0.95, seeds: '4/5' },
      { that: 'it reverses at least 80 % of the whole test sequences without a mistake', run: 'attention', metric: 'testSequenceAccuracy', above: 0.8, seeds: '4/5' },
      { that: 'each output position puts on average more than half its attention on the mirrored input position (4× an even spread)', run: 'attention', metric: 'mirroredAttention', above: { run: 'evenSpread', times: 4 }, seeds: '4/5' },
      { that: 'for at least 90 % of the test queries the largest attention weight sits on the mirrored position (a clean anti-diagonal)', run: 'attention', metric: 'mirroredArgmaxShare', above: 0.9, seeds: '4/5' },
    ],
    observe: async (seedOffset): Promise<Observations> => {
      const run = await runDefaultDemo('attention', seedOffset);
      if (run.demo !== 'attention') throw new Error('wrong demo');
      const r = run.result;
      return {
        attention: metricsOf({ testTokenAccuracy: r.testTokenAccuracy, testSequenceAccuracy: r.testSequenceAccuracy, mirroredAttention: r.mirroredAttention, mirroredArgmaxShare: r.mirroredArgmaxShare }),
        evenSpread: metricsOf({ mirroredAttention: 1 / r.sequenceLength }),
      };
    },
  };
}
