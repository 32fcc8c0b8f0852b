/** The generated points alone on the input plane (what `/dataset` shows). */
import { datasets as datasetTable } from '../engine/datasets.ts';
import type { Dataset } from '../engine/types.ts';
import { drawBoundaryPanel, drawPlaneLegend, shownRoles } from './boundary-panel.ts';
import { createCard, drawCardHeading, toPngImage } from './canvas.ts';
import { boundaryLayout } from './decision-boundary.ts';
import { datasetTitleName, describeSplit } from './format.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

/** Counts of each label among all points, for alt text (binary and multi-class). */
function labelCounts(dataset: Dataset): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of [...dataset.train, ...dataset.val, ...dataset.test]) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  return counts;
}

export interface DatasetViewOptions extends PixelRatioOption {
  widthPx?: number;
  /** For "which dataset is this?" quiz pictures: the title, and the alt text, leave out the dataset's name and description. */
  hideNames?: boolean;
}

/** Title and subtitle of the dataset view; with `hideNames` the title does not name the dataset. */
export function datasetHeading(dataset: Dataset, options: { hideNames?: boolean } = {}): { title: string; subtitle: string } {
  return { title: options.hideNames ? 'Dataset' : `Dataset · ${dataset.source ?? datasetTable[dataset.name].label}`, subtitle: describeSplit(dataset) };
}

/** The dataset's points (training circles, validation triangles, test diamonds) as a PNG (`dataset.png`). */
export async function renderDataset(dataset: Dataset, options: DatasetViewOptions = {}): Promise<RenderedImage> {
  // Same geometry as a classification boundary, so the two pictures line up when shown together.
  const { widthPx, heightPx, rect, legendTop } = boundaryLayout(options.widthPx ?? 480, 'binary');
  const { canvas, ctx } = createCard(widthPx, heightPx, options.pixelRatio);
  const def = datasetTable[dataset.name];
  const heading = datasetHeading(dataset, options);
  drawCardHeading(ctx, widthPx, heading.title, heading.subtitle);
  drawBoundaryPanel(ctx, rect, dataset);
  drawPlaneLegend(ctx, 12, legendTop, widthPx - 24, dataset.kind, dataset.classes, shownRoles(dataset));

  let composition = '';
  if (dataset.kind === 'binary') {
    const counts = labelCounts(dataset);
    composition = ` ${counts.get(1) ?? 0} blue (+1) and ${counts.get(-1) ?? 0} orange (−1) points.`;
  } else if (dataset.kind === 'multiclass') {
    const counts = labelCounts(dataset);
    composition = ` ${[...counts.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${n} of class ${c}`).join(', ')}.`;
  } else {
    composition = ' Points are coloured by their target value, orange (−1) through grey to blue (+1).';
  }
  // hidden: not even "plane", which is also a dataset's name
  const what = options.hideNames ? 'a dataset over x1 and x2' : dataset.source ? `your data ${datasetTitleName(dataset)} on the plane` : `the ${def.label} dataset on the plane`;
  const alt = `Scatter plot of ${what} from −6 to 6: ${describeSplit(dataset)} (training as circles, validation as triangles, test as diamonds).${composition}${options.hideNames || dataset.source ? '' : ` ${def.description}`}`;
  return toPngImage(canvas, 'dataset.png', alt);
}
