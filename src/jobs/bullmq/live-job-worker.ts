/**
 * The worker's end of a live view run through the queue: the live job runs on this process's threads
 * as it would in the bot, its frames, pictures and notices are published on the job's out channel,
 * controls arrive on its control channel, and an "alive" note goes out every second so the bot can
 * tell a paused view from a dead worker.
 */
import { deserialize, serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { runJob, type JobResult } from '../pool.ts';
import type { LiveControl, LiveOutMessage, LiveTask } from '../live-types.ts';
import { LIVE_ALIVE_EVERY_MS, liveControlChannel, liveOutChannel } from './names.ts';

/** What crosses the out channel: a live message, or the worker saying it still runs the job. */
export type LiveWireMessage = LiveOutMessage | { type: 'live-alive' };

/** Encodes a live message for pub/sub (V8 structured clone: the Int8Array grids arrive as Int8Arrays). */
export function encodeLiveWire(message: LiveWireMessage | LiveControl): Buffer {
  return serialize(message);
}

/** The message `encodeLiveWire` wrote (throws on anything else). */
export function decodeLiveWire<T extends LiveWireMessage | LiveControl>(bytes: Buffer): T {
  return deserialize(bytes) as T;
}

/** Runs one live job here until `signal` aborts or the task ends; `client` publishes, a duplicate listens for controls. */
export async function runLiveJobOnWorker(client: Redis, jobId: string, task: LiveTask, signal: AbortSignal): Promise<JobResult> {
  const outChannel = liveOutChannel(jobId);
  let pending: Promise<unknown> = Promise.resolve();
  const publish = (message: LiveWireMessage) => {
    pending = client.publish(outChannel, encodeLiveWire(message)).catch(() => undefined);
  };
  const subscriber = client.duplicate({ connectionName: `nn-tutor-live-controls:${jobId}` });
  subscriber.on('error', () => undefined);
  let sendControl: ((control: LiveControl) => void) | undefined;
  subscriber.on('messageBuffer', (_channel: Buffer, bytes: Buffer) => {
    try {
      sendControl?.(decodeLiveWire<LiveControl>(bytes));
    } catch {
      // not a control: ignored
    }
  });
  // subscribed before the job starts: the bot sends controls once it hears from us, so none is lost
  await subscriber.subscribe(liveControlChannel(jobId));
  const alive = setInterval(() => publish({ type: 'live-alive' }), LIVE_ALIVE_EVERY_MS);
  try {
    publish({ type: 'live-alive' });
    return await runJob(task, {
      signal,
      onLiveMessage: publish,
      connectControls: (send) => (sendControl = send),
    });
  } finally {
    clearInterval(alive);
    // the last frames and "ended" reach the bot before the job's completion does
    await pending;
    await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
