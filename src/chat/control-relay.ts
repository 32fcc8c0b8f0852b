/**
 * Clicks on state that lives in one process (a live training view runs on the instance that started
 * it) may reach another instance behind a load balancer. The relay hands such a click to whichever
 * instance holds the state and brings its outcome back; without one (a single instance) nothing is
 * relayed. The transport (Redis pub/sub, redis-control-relay.ts) is chosen by main.ts.
 */
import type { Caller } from './types.ts';

/** A control click handed to the instance that holds its state. */
export interface RelayedControl {
  /** What kind of state it is for (`live-view`), so one relay can carry several. */
  kind: string;
  /** The state's id on its instance (a live view's session id). */
  id: string;
  action: string;
  values: string[];
  /** From the signed platform payload the receiving instance checked. */
  caller: Caller;
}

/** What the holding instance did: applied it, or refused it with a message for the clicker. */
export type RelayedOutcome = { ok: true; message?: string } | { ok: false; message: string };

/** Applies a relayed control here; undefined when this instance does not hold that state. */
export type LocalControlHandler = (control: RelayedControl) => Promise<RelayedOutcome | undefined>;

/** A way to reach the other instances. */
export interface ControlRelay {
  /** Hands the click on; undefined when no instance answered (the state is gone everywhere). */
  forward(control: RelayedControl): Promise<RelayedOutcome | undefined>;
}

let relay: ControlRelay | undefined;
const handlers = new Map<string, LocalControlHandler>();

/** Makes clicks on state this process does not hold go through `next` (undefined = single instance). */
export function setControlRelay(next: ControlRelay | undefined): void {
  relay = next;
}

/** The relay in force, if any. */
export function currentControlRelay(): ControlRelay | undefined {
  return relay;
}

/** Registers how this process applies relayed controls of one kind (live-train.ts for `live-view`). */
export function registerLocalControlHandler(kind: string, handler: LocalControlHandler): void {
  handlers.set(kind, handler);
}

/** Applies a control that another instance relayed here; undefined when this process does not hold it. */
export async function applyRelayedControl(control: RelayedControl): Promise<RelayedOutcome | undefined> {
  const handler = handlers.get(control.kind);
  return handler ? handler(control) : undefined;
}
