/** Why a run stopped, in a sentence a student can act on; shared by the fast and the tfjs engine. */

const epochs = (n: number): string => `${n} epoch${n === 1 ? '' : 's'}`;
const duration = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${+(ms / 1000).toFixed(1)} s`);

/** One message per StopReason. */
export const stopMessages = {
  cancelled: (completed: number): string => `training was cancelled after ${epochs(completed)}`,
  timeLimit: (limitMs: number, completed: number): string =>
    `stopped at the time limit of ${duration(limitMs)} after ${epochs(completed)}: try fewer epochs or points`,
  diverged: (epoch: number, learningRate: number): string => `loss diverged at epoch ${epoch}: try a smaller learning rate (now ${learningRate})`,
  targetLoss: (target: number, epoch: number): string => `reached the target loss ${target} at epoch ${epoch}`,
  earlyStopping: (epoch: number, bestEpoch: number): string =>
    `validation loss stopped improving: stopped at epoch ${epoch} and restored the best epoch, ${bestEpoch}`,
  epochs: (total: number): string => `ran all ${epochs(total)}`,
};
