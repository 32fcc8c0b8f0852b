/**
 * The `data:<file>` upload option and `dataset:my:NAME` / `dataset:class:NAME` references shared by
 * /train and /dataset: finding the attached file, reading it into UserData (src/tutor/user-datasets),
 * remembering it as the caller's last data, and describing it with a scatter plot.
 */
import { UserError } from '../../src/chat/errors.ts';
import { getLimits } from '../../src/chat/limits.ts';
import { logger } from '../../src/chat/logger.ts';
import { closestMatches } from '../../src/chat/suggest.ts';
import type { Caller, CommandContext, OptionDef, OptionValues, Reply } from '../../src/chat/types.ts';
import { DATASET_NAMES, type TrainSpec, type UserData } from '../../src/engine/types.ts';
import { runJob } from '../../src/jobs/index.ts';
import { getStore, openedStore, type Store } from '../../src/store/index.ts';
import { computeDataFacts, describeDataFacts } from '../../src/tutor/user-datasets/describe-data.ts';
import { readUploadedData, UPLOAD_FORMATS } from '../../src/tutor/user-datasets/read-upload.ts';
import {
  CLASS_PREFIX, DATASET_NAME_ALLOWED, loadSavedDataset, MY_PREFIX, parseDatasetReference, rememberLastData, sharedDatasetSuggestions,
} from '../../src/tutor/user-datasets/saved-datasets.ts';
import { toReplyImage } from './format.ts';
import { trainOptionDefs } from './train-options.ts';

/** The upload option of /train and /dataset. */
export const dataOptionDef: OptionDef = {
  name: 'data',
  type: 'attachment',
  description: 'Your own points: a CSV (header x1,x2,label) or JSON file',
};

/** Checks a `dataset` value: a built-in name, or `my:NAME` / `class:NAME`; UserError with the closest names otherwise. */
export function checkDatasetChoice(value: string): void {
  const text = value.trim().toLowerCase();
  if ((DATASET_NAMES as readonly string[]).includes(text)) return;
  if (text.startsWith(MY_PREFIX) || text.startsWith(CLASS_PREFIX)) {
    parseDatasetReference(text);
    return;
  }
  const near = closestMatches(text, DATASET_NAMES);
  const hint = near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : '';
  throw new UserError(`\`dataset\` must be one of ${DATASET_NAMES.join(', ')}, or a saved set as my:NAME or class:NAME; not \`${text.slice(0, 40).replace(/`/g, "'")}\`.${hint}`);
}

/** `dataset` suggestions: built-in names, `my:` and the class's shared sets. */
export function suggestDatasets(partial: string): string[] {
  const text = partial.trim().toLowerCase();
  const all = [...DATASET_NAMES, ...sharedDatasetSuggestions(openedStore()), MY_PREFIX];
  const started = all.filter((name) => name.startsWith(text));
  return (started.length ? started : closestMatches(text, all)).slice(0, 25);
}

/** /train's and /dataset's `dataset` option: built-in names plus saved sets (free text, checked, with autocomplete). */
export const ownDatasetOptionDef: OptionDef = {
  ...trainOptionDefs.dataset!,
  choices: undefined,
  description: 'Which data to learn',
  allowed: `one of ${DATASET_NAMES.join(', ')}, or my:NAME / class:NAME (NAME: ${DATASET_NAME_ALLOWED})`,
  check: checkDatasetChoice,
  autocomplete: suggestDatasets,
};

/** The option list with `dataset` taking saved sets and the `data` upload option added at the end. */
export function withOwnDataOptions(defs: OptionDef[]): OptionDef[] {
  return [...defs.map((def) => (def.name === 'dataset' ? ownDatasetOptionDef : def)), dataOptionDef];
}

/** The options as the engine spec reads them: a saved-set reference is not an engine dataset name. */
export function withoutSavedReference(options: OptionValues): OptionValues {
  return parseDatasetReference(options.dataset) ? { ...options, dataset: undefined } : options;
}

/** Refuses an upload together with a saved set (which of the two would be trained?). */
export function checkOwnDataOptions(options: OptionValues): void {
  if (options.data !== undefined && parseDatasetReference(options.dataset)) {
    throw new UserError(`Give either a file (\`data:\`) or a saved set (\`dataset:${String(options.dataset)}\`), not both.`);
  }
}

/** Where the caller's own points came from. */
export interface OwnData {
  data: UserData;
  origin: 'upload' | 'saved';
}

/** The store for saved sets: the open one, or (CLI) the configured one; undefined when there is none to use. */
function storeForRemembering(caller: Caller): Store | undefined {
  const opened = openedStore();
  if (opened || caller.platform !== 'cli') return opened;
  try {
    return getStore();
  } catch {
    return undefined;
  }
}

/** Finds the file the `data` option names among the call's attachments. */
function findAttachment(ctx: Pick<CommandContext, 'attachments'>, named: string): CommandContext['attachments'][number] {
  const exact = ctx.attachments.find((a) => a.name === named);
  if (exact) return exact;
  if (ctx.attachments.length === 1) return ctx.attachments[0]!;
  if (ctx.attachments.length === 0) {
    throw new UserError(`\`data:\` names a file, but no file came with the command. Attach ${UPLOAD_FORMATS} — in the web chat with the 📎 button or by dropping the file on the chat.`);
  }
  throw new UserError(`\`data:\` names \`${named.slice(0, 60).replace(/`/g, "'")}\`, which is none of the ${ctx.attachments.length} attached files. Attach one file per command.`);
}

/**
 * The caller's own points for this call: the uploaded file (remembered as their last data) or a
 * saved set; undefined when the call uses a built-in dataset.
 */
export async function resolveOwnData(ctx: Pick<CommandContext, 'options' | 'attachments' | 'caller' | 'signal'>): Promise<OwnData | undefined> {
  checkOwnDataOptions(ctx.options);
  const limits = getLimits();
  if (typeof ctx.options.data === 'string') {
    const attachment = findAttachment(ctx, ctx.options.data);
    const data = await readUploadedData(attachment, { maxBytes: limits.uploadMaxBytes, maxPoints: limits.maxPoints, timeoutMs: limits.uploadTimeoutMs, signal: ctx.signal });
    const store = storeForRemembering(ctx.caller);
    if (store) {
      // training still answers when the store cannot remember: the data only cannot be saved later
      await rememberLastData(store, ctx.caller, data).catch((error: unknown) => logger.warn({ err: error }, 'could not remember the uploaded data'));
    }
    return { data, origin: 'upload' };
  }
  const reference = parseDatasetReference(ctx.options.dataset);
  if (!reference) return undefined;
  return { data: await loadSavedDataset(getStore(), ctx.caller, reference), origin: 'saved' };
}

/** The data's description and scatter plot (dataset.png) as one reply; `next` is the line saying what to do or what comes. */
export async function describeOwnData(ctx: Pick<CommandContext, 'signal'>, spec: TrainSpec, own: OwnData, next: string): Promise<Reply> {
  const data = own.data;
  const facts = computeDataFacts(data);
  const { images } = await runJob({ type: 'render', what: 'dataset', spec }, { signal: ctx.signal });
  const lines = describeDataFacts(facts, data.source, { scaleHint: '`scale:true`' });
  return { text: [...lines, next].join('\n'), images: images.map(toReplyImage), data: { source: data.source, origin: own.origin, facts } };
}
