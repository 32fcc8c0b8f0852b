import { findEndedLiveSnapshot, findLiveSession, type LiveEvent } from '../../../commands/_lib/live-session.ts';
import type { Channel } from './channel.ts';
import { HttpError } from './http.ts';
import { frameToWire, setupToWire, snapshotToWire } from './live-wire.ts';

/** After the last tab showing a live view closes, it stops this soon (time enough for a reload to come back). */
export const LIVE_CLOSED_TAB_GRACE_MS = 5_000;

interface RelayedView {
  /** Streams that show the view now (frames go to these). */
  watchers: Set<string>;
  /** Every stream that has registered for it, hidden tabs included (a closed one frees the view). */
  streams: Set<string>;
  unsubscribe: () => void;
}

/**
 * Streams live training views to the browsers that have them open, over the chat's own event
 * stream: each browser registers its stream (connection id) for a view; frames go only to those
 * streams, and a stream that is busy skips a frame rather than queueing it. A closed stream stops
 * counting as a viewer at once, so the last closed tab frees the view's worker.
 */
export class LiveRelay {
  private readonly views = new Map<string, RelayedView>();

  constructor(private readonly channel: Channel) {
    channel.onDisconnect = (connectionId) => this.forget(connectionId);
  }

  /** Registers (or unregisters) a browser's event stream as watching a view; 404 when the view is not running. */
  watch(userId: string, connectionId: string, sessionId: string, isWatching: boolean): void {
    if (!this.channel.hasConnection(connectionId, userId)) throw new HttpError(400, '`connectionId` must be the id of your own open event stream (from its hello event)');
    const session = findLiveSession(sessionId);
    if (!session) {
      if (!isWatching) return;
      throw new HttpError(404, 'this live view is not running (it stopped, or never started)');
    }
    let view = this.views.get(sessionId);
    if (!view && isWatching) {
      const watchers = new Set<string>();
      view = { watchers, streams: new Set(), unsubscribe: session.subscribe((event) => this.relay(sessionId, watchers, event)) };
      this.views.set(sessionId, view);
    }
    if (!view) return;
    view.streams.add(connectionId);
    if (isWatching) view.watchers.add(connectionId);
    else view.watchers.delete(connectionId);
    session.setWatching(connectionId, isWatching);
  }

  /** The view as it stands (wire form), running or recently stopped; undefined when unknown. */
  snapshot(sessionId: string): Record<string, unknown> | undefined {
    const session = findLiveSession(sessionId);
    if (session) return snapshotToWire(session.snapshot(), true);
    const ended = findEndedLiveSnapshot(sessionId);
    return ended && snapshotToWire(ended, false);
  }

  private relay(sessionId: string, watchers: Set<string>, event: LiveEvent): void {
    switch (event.type) {
      case 'frame':
        this.channel.sendTo(watchers, 'live-frame', frameToWire(sessionId, event.frame), { skipIfBusy: true });
        return;
      case 'setup':
        this.channel.sendTo(watchers, 'live-setup', setupToWire(sessionId, event.setup, event.runNumber));
        return;
      case 'notice':
        this.channel.sendTo(watchers, 'live-notice', { sessionId, message: event.message });
        return;
      case 'ended':
        this.channel.sendTo(watchers, 'live-ended', { sessionId, reason: event.reason, sentence: event.sentence });
        this.views.get(sessionId)?.unsubscribe();
        this.views.delete(sessionId);
        return;
      case 'picture':
        return;
    }
  }

  /** A closed event stream: it watches nothing any more; a view left with no open tab stops after a short grace. */
  private forget(connectionId: string): void {
    for (const [sessionId, view] of this.views) {
      if (!view.streams.delete(connectionId)) continue;
      view.watchers.delete(connectionId);
      findLiveSession(sessionId)?.setWatching(connectionId, false, LIVE_CLOSED_TAB_GRACE_MS);
    }
  }
}
