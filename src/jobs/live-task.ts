/**
 * The worker side of a live training view: one TrainingSession advanced epoch by epoch on a frame
 * clock, a compact frame after every tick that changed something (the boundary grid and neuron
 * thumbnails as Int8 typed arrays, the new loss entries), and controls that act before the next
 * epoch. Runs until cancelled, or until its lifetime or CPU budget is used up.
 */
import type { MessagePort } from 'node:worker_threads';
import { DOMAIN_RADIUS, neuronGrids, predictGrid, resolveSpec, TrainingSession } from '../engine/index.ts';
import type { TrainSpec } from '../engine/types.ts';
import { LIVE_DEFAULT_SPEED, LIVE_FRAME_INTERVAL_MS, LIVE_GRID_SIZE, LIVE_SPEEDS, LIVE_THUMB_SIZE, type LiveControl, type LiveFrame, type LiveLossEntry, type LiveOutMessage, type LiveSetup, type LiveState, type LiveTask } from './live-types.ts';
import type { JobImage, JobMessage, JobOutput } from './types.ts';

/** v in [−1, 1] → round(127·v), clamped (NaN → 0). */
function quantise(v: number): number {
  return Number.isFinite(v) ? Math.round(127 * Math.max(-1, Math.min(1, v))) : 0;
}

/** The training points and what stays fixed during one run. */
export function describeLiveSetup(session: TrainingSession): LiveSetup {
  const { dataset, mlp, spec } = session.run;
  const points = dataset.train;
  const pointsXy = new Int8Array(points.length * 2);
  const pointLabels = new Int8Array(points.length);
  points.forEach((p, i) => {
    pointsXy[2 * i] = quantise(p.x1 / DOMAIN_RADIUS);
    pointsXy[2 * i + 1] = quantise(p.x2 / DOMAIN_RADIUS);
    pointLabels[i] = dataset.kind === 'binary' ? (p.label > 0 ? 1 : 0) : dataset.kind === 'multiclass' ? p.label : quantise(p.label);
  });
  return {
    kind: dataset.kind,
    classes: dataset.classes,
    layerSizes: [...mlp.layerSizes],
    features: [...spec.features],
    domain: [-DOMAIN_RADIUS, DOMAIN_RADIUS],
    pointsXy,
    pointLabels,
    maxEpochs: spec.epochs,
  };
}

/** The network's boundary (or surface) over the 100×100 grid and every non-output neuron's thumbnail, as Int8 data. */
export function drawLiveGrids(session: TrainingSession): { grid: Int8Array; neurons: Int8Array } {
  const net = session.run.mlp.toData();
  const prediction = predictGrid(net, LIVE_GRID_SIZE);
  const cells = LIVE_GRID_SIZE * LIVE_GRID_SIZE;
  let grid: Int8Array;
  if (prediction.kind === 'multiclass') {
    const k = prediction.channels;
    grid = new Int8Array(cells * 2);
    for (let c = 0; c < cells; c++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (prediction.values[c * k + j] > prediction.values[c * k + best]) best = j;
      grid[2 * c] = best;
      grid[2 * c + 1] = quantise(prediction.values[c * k + best]);
    }
  } else {
    grid = new Int8Array(cells);
    for (let c = 0; c < cells; c++) grid[c] = quantise(prediction.values[c]);
  }
  const layers = neuronGrids(net, LIVE_THUMB_SIZE).slice(0, -1);
  const thumbCells = LIVE_THUMB_SIZE * LIVE_THUMB_SIZE;
  const neurons = new Int8Array(layers.reduce((n, layer) => n + layer.length, 0) * thumbCells);
  let offset = 0;
  for (const layer of layers) {
    for (const values of layer) {
      for (let c = 0; c < thumbCells; c++) neurons[offset + c] = quantise(values[c]);
      offset += thumbCells;
    }
  }
  return { grid, neurons };
}

/** The nearest allowed speed to a requested one (epochs per frame). */
export function nearestLiveSpeed(epochsPerFrame: number): number {
  if (!Number.isFinite(epochsPerFrame)) return LIVE_DEFAULT_SPEED;
  return LIVE_SPEEDS.reduce((best, s) => (Math.abs(Math.log(s / epochsPerFrame)) < Math.abs(Math.log(best / epochsPerFrame)) ? s : best), LIVE_DEFAULT_SPEED as number);
}

type Renderer = typeof import('../render/index.ts');

/** Runs a live session on this thread until cancelled or out of time; frames go out over `port`. */
export async function runLiveTask(task: LiveTask, port?: MessagePort): Promise<JobOutput> {
  const post = (message: LiveOutMessage) => port?.postMessage(message);
  const baseSpec: TrainSpec = { ...resolveSpec(task.spec), timeLimitMs: Math.min(task.maxLifetimeMs, 10 * 60_000) };
  let session = new TrainingSession(baseSpec);
  let runNumber = 1;
  let state: LiveState = task.startPaused ? 'paused' : 'playing';
  let epochsPerFrame = LIVE_DEFAULT_SPEED;
  let epochCredit = 0;
  let seq = 0;
  let sentEpochs = 0;
  let computeMs = 0;
  let isDirty = true;
  let pendingSteps = 0;
  const pendingControls: LiveControl[] = [];
  const entries: LiveLossEntry[] = [];
  let renderer: Promise<Renderer> | undefined;

  const sendSetup = () => post({ type: 'live-setup', setup: describeLiveSetup(session), runNumber });
  sendSetup();

  const runOneEpoch = () => {
    const { learningRate, regularization, regRate } = session.spec;
    const isGoing = session.runEpoch();
    const last = session.history[session.history.length - 1];
    if (last && last.epoch > entries.length) entries.push({ epoch: last.epoch, trainLoss: last.trainLoss, testLoss: last.testLoss, learningRate, regularization, regRate });
    if (!isGoing) state = 'finished';
    isDirty = true;
  };

  const picture = async (): Promise<void> => {
    renderer ??= import('../render/index.ts');
    const render = await renderer;
    const result = session.result();
    const images = [await render.renderDecisionBoundary(result, session.run.dataset), await render.renderLossCurve(result)];
    const jobImages: JobImage[] = images.map((i) => ({ name: i.name, alt: i.alt, contentType: i.contentType, data: i.data, width: i.width, height: i.height }));
    post({ type: 'live-picture', images: jobImages, epoch: session.history.length, state });
  };

  const apply = (control: LiveControl) => {
    switch (control.type) {
      case 'play':
        if (state === 'paused') state = 'playing';
        break;
      case 'pause':
        if (state === 'playing') state = 'paused';
        epochCredit = 0;
        break;
      case 'step':
        if (state !== 'finished') {
          state = 'paused';
          pendingSteps += 1;
        }
        break;
      case 'reset':
        session = new TrainingSession({ ...baseSpec, learningRate: session.spec.learningRate, regularization: session.spec.regularization, regRate: session.spec.regRate });
        runNumber += 1;
        entries.length = 0;
        sentEpochs = 0;
        epochCredit = 0;
        if (state === 'finished') state = 'paused';
        sendSetup();
        break;
      case 'speed':
        epochsPerFrame = nearestLiveSpeed(control.epochsPerFrame);
        break;
      case 'settings': {
        const { type: _type, ...change } = control;
        session.changeSettings(change);
        baseSpec.learningRate = session.spec.learningRate;
        break;
      }
      case 'picture':
        return; // handled outside the tick
    }
    isDirty = true;
  };

  const sendFrame = () => {
    const { grid, neurons } = drawLiveGrids(session);
    const spec = session.spec;
    const frame: LiveFrame = {
      seq: ++seq,
      runNumber,
      epoch: session.history.length,
      state,
      epochsPerFrame,
      learningRate: spec.learningRate,
      regularization: spec.regularization,
      regRate: spec.regRate,
      losses: entries.slice(sentEpochs),
      historyStart: sentEpochs,
      grid,
      neurons,
      ...(state === 'finished' ? { stopReason: session.stopReason ?? 'epochs', stopMessage: session.stopMessage } : {}),
    };
    sentEpochs = entries.length;
    post({ type: 'live-frame', frame });
    isDirty = false;
  };

  return await new Promise<JobOutput>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const startedMs = performance.now();
    let nextTickAtMs = startedMs;
    let isOver = false;
    const finish = (reason?: 'lifetime' | 'compute-budget') => {
      if (isOver) return;
      isOver = true;
      clearTimeout(timer);
      if (reason) post({ type: 'live-ended', reason });
      resolve({ images: [] });
    };
    const tick = () => {
      const tickStart = performance.now();
      try {
        for (const control of pendingControls.splice(0)) {
          try {
            apply(control);
          } catch (error) {
            post({ type: 'live-refused', message: error instanceof Error ? error.message : String(error) });
          }
        }
        if (state === 'playing') {
          epochCredit += epochsPerFrame;
          while (epochCredit >= 1 && state === 'playing') {
            epochCredit -= 1;
            runOneEpoch();
          }
        }
        while (pendingSteps > 0) {
          pendingSteps -= 1;
          if (state !== 'finished') runOneEpoch();
        }
        if (isDirty) sendFrame();
      } catch (error) {
        post({ type: 'live-refused', message: error instanceof Error ? error.message : String(error) });
      }
      computeMs += performance.now() - tickStart;
      if (computeMs > task.computeBudgetMs) return finish('compute-budget');
      if (performance.now() - startedMs > task.maxLifetimeMs) return finish('lifetime');
      // on a fixed clock, not "interval after the work": the frame rate holds while a tick's work fits in it
      nextTickAtMs = Math.max(nextTickAtMs + LIVE_FRAME_INTERVAL_MS, performance.now());
      timer = setTimeout(tick, nextTickAtMs - performance.now());
    };
    port?.on('message', (message: JobMessage | LiveControl) => {
      if (message.type === 'cancel') return finish();
      if (message.type === 'picture') {
        void picture().catch((error: unknown) => post({ type: 'live-refused', message: `could not draw the picture: ${String(error)}` }));
        return;
      }
      if (message.type === 'progress') return;
      pendingControls.push(message);
    });
    tick();
  });
}
