import type { LiveFrame, LiveLossEntry, LiveSetup } from '../../jobs/index.ts';
import type { LiveSnapshot } from '../../../commands/_lib/live-session.ts';

/** Typed data as base64 text for the event stream (JSON cannot carry bytes). */
function base64Of(data: Int8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** One loss entry as a short array: [epoch, train loss, test loss, learning rate, regularisation, rate]. */
function lossRow(entry: LiveLossEntry): [number, number, number, number, string, number] {
  return [entry.epoch, entry.trainLoss, entry.testLoss, entry.learningRate, entry.regularization, entry.regRate];
}

/** A live frame as the browser receives it: typed arrays in base64, loss entries as rows. */
export function frameToWire(sessionId: string, frame: LiveFrame): Record<string, unknown> {
  const { grid, neurons, losses, ...rest } = frame;
  return { sessionId, ...rest, losses: losses.map(lossRow), grid: base64Of(grid), neurons: base64Of(neurons) };
}

/** The fixed part of a live run (points, network shape) for the browser. */
export function setupToWire(sessionId: string, setup: LiveSetup, runNumber: number): Record<string, unknown> {
  const { pointsXy, pointLabels, ...rest } = setup;
  return { sessionId, runNumber, ...rest, pointsXy: base64Of(pointsXy), pointLabels: base64Of(pointLabels) };
}

/** Everything a browser opening a live view late needs, in wire form. */
export function snapshotToWire(snapshot: LiveSnapshot, isRunning: boolean): Record<string, unknown> {
  return {
    id: snapshot.id,
    ownerName: snapshot.ownerName,
    isRunning,
    runNumber: snapshot.runNumber,
    setup: snapshot.setup && setupToWire(snapshot.id, snapshot.setup, snapshot.runNumber),
    history: snapshot.history.map(lossRow),
    frame: snapshot.frame && frameToWire(snapshot.id, snapshot.frame),
    settingsChanges: snapshot.settingsChanges,
    ended: snapshot.ended,
  };
}
