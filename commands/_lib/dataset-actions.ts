/** /dataset's actions on saved sets: save (the last upload or drawing), list, delete, share (lecturers). */
import { UserError } from '../../src/chat/errors.ts';
import { getLimits } from '../../src/chat/limits.ts';
import type { CommandContext, OptionDef, OptionValues } from '../../src/chat/types.ts';
import { getStore } from '../../src/store/index.ts';
import {
  checkDatasetName, DATASET_NAME_ALLOWED, deleteDataset, listDatasets, saveLastData, shareDataset,
} from '../../src/tutor/user-datasets/saved-datasets.ts';

/** What /dataset can do; `show` (the default) draws a dataset or describes an upload; `draw` opens the web chat's canvas. */
export const DATASET_ACTIONS = ['show', 'draw', 'save', 'list', 'delete', 'share'] as const;
type SavedSetAction = Exclude<(typeof DATASET_ACTIONS)[number], 'show' | 'draw'>;

/** The `action` and `name` options of /dataset. */
export const datasetActionOptionDefs: OptionDef[] = [
  { name: 'action', type: 'string', description: 'show (default), draw your points (web chat), save your last upload, list, delete, share (lecturers)', choices: DATASET_ACTIONS, default: 'show' },
  { name: 'name', type: 'string', description: `Name of a saved dataset (${DATASET_NAME_ALLOWED})`, check: (text) => void checkDatasetName(text) },
];

function kilobytes(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

/** True for the actions on saved sets (everything but `show`). */
export function isSavedSetAction(action: unknown): action is SavedSetAction {
  return typeof action === 'string' && action !== 'show' && action !== 'draw' && (DATASET_ACTIONS as readonly string[]).includes(action);
}

/** Checks the options an action needs (a name for save/delete/share, no data options for them). */
export function checkDatasetActionOptions(options: OptionValues): void {
  const action = options.action;
  if (!isSavedSetAction(action)) {
    if (options.name !== undefined) throw new UserError('`name` goes with `save`, `delete` or `share` (the `action`); to show a saved set write `dataset:my:NAME`.');
    return;
  }
  if (options.data !== undefined) throw new UserError(`\`action:${action}\` takes no file: upload first with \`/dataset data:<file>\`, then \`/dataset save name:…\`.`);
  if (action !== 'list') checkDatasetName(options.name);
}

/** Runs save / list / delete / share and answers (privately, except a share, which the class should see). */
export async function runSavedSetAction(ctx: CommandContext, action: SavedSetAction): Promise<void> {
  const store = getStore();
  const limits = getLimits();
  switch (action) {
    case 'save': {
      const name = checkDatasetName(ctx.options.name);
      const saved = await saveLastData(store, ctx.caller, name, { maxCount: limits.savedDatasetsPerUser, maxBytes: limits.savedDatasetBytesPerUser });
      await ctx.reply({
        text: `Saved **${saved.name}** (${saved.points} points, ${kilobytes(saved.sizeBytes)}). Train on it with \`/train dataset:my:${saved.name}\`; \`/dataset list\` shows your sets.`,
        ephemeral: true,
        data: { saved },
      });
      return;
    }
    case 'list': {
      const { own, shared } = await listDatasets(store, ctx.caller);
      const ownLines = own.length
        ? own.map((s) => `- \`my:${s.name}\` — ${s.points} points, ${kilobytes(s.sizeBytes)}${s.sharedScope ? ' (shared with the class)' : ''}`)
        : ['- none yet: upload a file with `/dataset data:<file>`, then `/dataset save name:…`'];
      const sharedLines = shared.length ? shared.map((s) => `- \`class:${s.name}\` — ${s.points} points`) : ['- none yet'];
      const used = own.reduce((sum, s) => sum + s.sizeBytes, 0);
      await ctx.reply({
        text: [
          `**Your datasets** (${own.length} of ${limits.savedDatasetsPerUser}, ${kilobytes(used)} of ${kilobytes(limits.savedDatasetBytesPerUser)}):`,
          ...ownLines,
          '**Shared with the class:**',
          ...sharedLines,
          'Use one as `/train dataset:my:NAME` or `/train dataset:class:NAME`.',
        ].join('\n'),
        ephemeral: true,
        data: { own, shared },
      });
      return;
    }
    case 'delete': {
      const deleted = await deleteDataset(store, ctx.caller, checkDatasetName(ctx.options.name));
      await ctx.reply({ text: `Deleted \`my:${deleted.name}\`${deleted.sharedScope ? ' (it is no longer shared with the class)' : ''}.`, ephemeral: true, data: { deleted } });
      return;
    }
    case 'share': {
      const name = checkDatasetName(ctx.options.name);
      await shareDataset(store, ctx.caller, name);
      await ctx.reply({ text: `The lecturer shared the dataset **${name}** with the class: everybody can train on it with \`/train dataset:class:${name}\` or look at it with \`/dataset dataset:class:${name}\`.`, data: { shared: name } });
      return;
    }
  }
}
