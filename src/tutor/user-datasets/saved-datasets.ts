/**
 * Saved datasets: a user's own uploads and drawings kept under a name (`dataset:my:NAME`), and the
 * ones a lecturer shared with the class (`dataset:class:NAME`). "Last data" is a stored per-user
 * record written on every successful upload (or drawn set sent to /train or /dataset); `/dataset save`
 * saves that record, so it works after a restart and from another instance.
 */
import { UserError } from '../../chat/errors.ts';
import { closestMatches } from '../../chat/suggest.ts';
import type { Caller } from '../../chat/types.ts';
import { countUserPoints, parseUserData } from '../../engine/user-data.ts';
import type { UserData } from '../../engine/types.ts';
import type { SavedDatasetSummary, Store } from '../../store/types.ts';

/** Prefixes of saved-dataset references in the `dataset` option. */
export const MY_PREFIX = 'my:';
export const CLASS_PREFIX = 'class:';
/** A saved dataset's name: lower-case letters, digits, - and _, starting with a letter or digit. */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const DATASET_NAME_ALLOWED = '1–32 lower-case letters, digits, - or _ (e.g. moons, my-study_2)';

/** Where a saved set comes from, parsed from `my:NAME` / `class:NAME`. */
export interface SavedDatasetReference {
  scope: 'my' | 'class';
  name: string;
}

/** The key that owns a user's sets ("<platform>:<userId>", as the store's users table). */
export function ownerKeyOf(caller: Pick<Caller, 'platform' | 'userId'>): string {
  return `${caller.platform}:${caller.userId}`;
}

/** The class a lecturer shares with: the Discord server / Slack workspace, else the channel or web-chat room. */
export function classScopeOf(caller: Pick<Caller, 'platform' | 'spaceId' | 'channelId'>): string {
  return `${caller.platform}:${caller.spaceId ?? caller.channelId}`;
}

/** Checks a name given to /dataset save|delete|share; UserError saying what is allowed. */
export function checkDatasetName(name: unknown): string {
  const text = typeof name === 'string' ? name.trim().toLowerCase() : '';
  if (!text) throw new UserError(`Give the dataset a name: \`name:moons\` (${DATASET_NAME_ALLOWED}).`);
  if (!DATASET_NAME_PATTERN.test(text)) throw new UserError(`\`name\` must be ${DATASET_NAME_ALLOWED}; \`${text.slice(0, 40).replace(/`/g, "'")}\` is not.`);
  return text;
}

/** `my:moons` → {scope: 'my', name: 'moons'}; undefined for anything else (a built-in dataset name). */
export function parseDatasetReference(value: unknown): SavedDatasetReference | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  for (const [prefix, scope] of [[MY_PREFIX, 'my'], [CLASS_PREFIX, 'class']] as const) {
    if (text.startsWith(prefix)) return { scope, name: checkDatasetName(text.slice(prefix.length)) };
  }
  return undefined;
}

/** Shared names seen lately (autocomplete cannot wait for the store): class scope → names. */
const sharedNamesSeen = new Map<string, Set<string>>();
const SHARED_NAMES_KEPT = 200;

function noteShared(scope: string, names: string[], isComplete: boolean): void {
  const set = isComplete ? new Set<string>() : (sharedNamesSeen.get(scope) ?? new Set<string>());
  for (const name of names) set.add(name);
  sharedNamesSeen.set(scope, set);
}

let loading: Promise<void> | undefined;

/**
 * `class:NAME` suggestions for the `dataset` option: names shared in any class (resolving checks the
 * caller's). The first call with a store starts loading the names from it (after a restart), for the next call.
 */
export function sharedDatasetSuggestions(store?: Store): string[] {
  if (store && !loading) loading = refreshSharedNames(store).catch(() => { loading = undefined; });
  const names = new Set<string>();
  for (const set of sharedNamesSeen.values()) for (const name of set) names.add(`${CLASS_PREFIX}${name}`);
  return [...names].sort();
}

/** Loads the shared names into the autocomplete cache (at start and after changes). */
export async function refreshSharedNames(store: Store): Promise<void> {
  const rows = await store.datasets.listSharedNames(SHARED_NAMES_KEPT);
  sharedNamesSeen.clear();
  for (const row of rows) noteShared(row.scope, [row.name], false);
}

/** Remembers the data a user just uploaded or drew (what `/dataset save` saves). */
export async function rememberLastData(store: Store, caller: Caller, data: UserData, nowMs = Date.now()): Promise<void> {
  await store.datasets.setLast(ownerKeyOf(caller), data, countUserPoints(data), nowMs);
}

/** Saves the caller's last uploaded or drawn data under `name`, within the per-user limits. */
export async function saveLastData(store: Store, caller: Caller, name: string, limits: { maxCount: number; maxBytes: number }, nowMs = Date.now()): Promise<SavedDatasetSummary> {
  const owner = ownerKeyOf(caller);
  const last = await store.datasets.getLast(owner);
  if (!last) throw new UserError('There is nothing to save yet: first upload a file (`/dataset data:<file>` or `/train data:<file>`) or draw a set, then `/dataset save name:…`.');
  const data = parseUserData(last.data, { source: name });
  const outcome = await store.datasets.save({ ownerKey: owner, name, data: { ...data, source: name }, points: last.points, sizeBytes: last.sizeBytes, createdAt: nowMs }, limits);
  if (!outcome.isSaved) {
    throw new UserError(outcome.reason === 'count'
      ? `You already keep ${outcome.usage.count} saved datasets. Allowed: at most ${limits.maxCount} per person — delete one first (\`/dataset delete name:…\`; \`/dataset list\` shows them).`
      : `Saving this set (${last.sizeBytes} bytes) would bring your saved datasets to ${outcome.usage.bytes + last.sizeBytes} bytes. Allowed: at most ${limits.maxBytes} bytes per person — delete one first (\`/dataset list\` shows them).`);
  }
  const saved = (await store.datasets.list(owner)).find((s) => s.name === name);
  if (!saved) throw new Error(`saved dataset ${name} not found after saving`);
  return saved;
}

/** The caller's own sets and the sets shared with the caller's class. */
export async function listDatasets(store: Store, caller: Caller): Promise<{ own: SavedDatasetSummary[]; shared: SavedDatasetSummary[] }> {
  const scope = classScopeOf(caller);
  const [own, shared] = await Promise.all([store.datasets.list(ownerKeyOf(caller)), store.datasets.listShared(scope)]);
  noteShared(scope, shared.map((s) => s.name), true);
  return { own, shared };
}

function missing(name: string, names: string[], scope: 'my' | 'class'): UserError {
  const near = closestMatches(name, names);
  const hint = near.length ? ` Did you mean ${near.map((n) => `\`${scope}:${n}\``).join(' or ')}?` : '';
  const where = scope === 'my' ? 'You have no saved dataset' : 'No dataset shared with this class is';
  return new UserError(`${where} called \`${name}\`.${hint} \`/dataset list\` shows ${scope === 'my' ? 'yours' : 'the class\'s'}${names.length ? '' : ' (none yet)'}.`);
}

/** Deletes the caller's set (a shared one leaves the class too); UserError when there is none. */
export async function deleteDataset(store: Store, caller: Caller, name: string): Promise<SavedDatasetSummary> {
  const owner = ownerKeyOf(caller);
  const own = await store.datasets.list(owner);
  const found = own.find((s) => s.name === name);
  if (!found || !(await store.datasets.delete(owner, name))) throw missing(name, own.map((s) => s.name), 'my');
  if (found.sharedScope) sharedNamesSeen.get(found.sharedScope)?.delete(name);
  return found;
}

/** Shares the caller's (a lecturer's) saved set with the class as `class:NAME`. */
export async function shareDataset(store: Store, caller: Caller, name: string, nowMs = Date.now()): Promise<void> {
  if (!caller.isLecturer) throw new UserError('Only a lecturer can share a dataset with the class. Save it for yourself with `/dataset save name:…`.');
  const owner = ownerKeyOf(caller);
  const scope = classScopeOf(caller);
  const outcome = await store.datasets.share(owner, name, scope, nowMs);
  if (outcome === 'missing') throw missing(name, (await store.datasets.list(owner)).map((s) => s.name), 'my');
  if (outcome === 'taken') throw new UserError(`Another lecturer already shared a dataset called \`${name}\` with this class. Save yours under another name (\`/dataset save name:…\`) and share that.`);
  noteShared(scope, [name], false);
}

/** The points of `my:NAME` or `class:NAME` for this caller, validated again, titled by the reference. */
export async function loadSavedDataset(store: Store, caller: Caller, reference: SavedDatasetReference): Promise<UserData> {
  const scope = classScopeOf(caller);
  const record = reference.scope === 'my'
    ? await store.datasets.get(ownerKeyOf(caller), reference.name)
    : await store.datasets.getShared(scope, reference.name);
  if (!record) {
    const names = reference.scope === 'my' ? (await store.datasets.list(ownerKeyOf(caller))).map((s) => s.name) : (await store.datasets.listShared(scope)).map((s) => s.name);
    throw missing(reference.name, names, reference.scope);
  }
  const source = `${reference.scope}:${reference.name}`;
  return parseUserData({ ...(record.data as object), source }, { source });
}
