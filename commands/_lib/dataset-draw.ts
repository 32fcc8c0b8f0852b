import { getLimits } from '../../src/chat/limits.ts';
import type { PlatformName, Reply } from '../../src/chat/types.ts';

/** How to send your own points where there is no canvas, per platform (the upload route each one has). */
const UPLOAD_HOW_TO: Record<Exclude<PlatformName, 'local'>, string> = {
  discord: 'Here you can upload them instead: use `/train` (or `/dataset`) and pick your CSV file in its `data` option.',
  slack: 'Here you can upload them instead: share your CSV file in this channel and name it in the command, e.g. `/train data:points.csv`, or paste the CSV text with `/train data:paste`.',
  cli: 'On the command line, give a file\'s path instead, e.g. `npx nn-tutor train --data points.csv`.',
  test: 'Here you can upload them instead: attach your CSV file as the `data` option of `/train` or `/dataset`.',
};

const CSV_FORMAT = 'a CSV file with the header `x1,x2,label`, one point per line, label `1` for blue and `-1` for orange, x1 and x2 ideally between −6 and 6';

/**
 * `/dataset draw`: in the local web chat, a private message holding the drawing canvas; elsewhere a
 * private note that drawing is a web-chat feature and how to upload a file instead.
 */
export function drawDatasetReply(platform: PlatformName): Reply {
  if (platform !== 'local') {
    return {
      ephemeral: true,
      text: [
        'Drawing your own points is a feature of the local web chat (start it with `npm start` and type `/dataset draw` there).',
        `${UPLOAD_HOW_TO[platform]} The file is ${CSV_FORMAT}.`,
      ].join('\n'),
    };
  }
  const maxPoints = getLimits().maxPoints;
  return {
    ephemeral: true,
    text: [
      '**Draw your own dataset** on the plane from −6 to 6.',
      `Click or tap to add a blue point; shift-click, or switch the colour to orange, for orange. The brush sprays points while you drag. Up to ${maxPoints} points.`,
      '**Train on this** sends your points to `/train` with the options you write beside it.',
    ].join('\n'),
    widget: { kind: 'draw-dataset', maxPoints },
  };
}
