/**
 * What a student's own data is, said before training: points per class and balance, the range of x1
 * and x2 against the Playground's −6…6 plane, duplicates. Every sentence is computed from the points.
 */
import type { Point, UserData } from '../../engine/types.ts';

/** Minority share under which the class balance is called out (accuracy can then look good by always answering the majority). */
export const MINORITY_WARNING_SHARE = 0.2;
/** The plane the pictures show and the Playground uses. */
export const PLANE_LIMIT = 6;

/** Numbers behind the description (also Reply.data for the JSON API and tests). */
export interface DataFacts {
  points: number;
  task: UserData['task'];
  classes: number;
  /** Points per class label (−1/+1 for two classes, 0..k−1 for more); empty for regression. */
  perClass: { label: number; count: number }[];
  /** Smallest class's share of all points (classification only). */
  minorityShare?: number;
  x1: { min: number; max: number };
  x2: { min: number; max: number };
  isOutsidePlane: boolean;
  /** Points whose (x1, x2) repeats an earlier point's; of those, how many carry a different label. */
  duplicates: number;
  conflictingDuplicates: number;
  split?: { train: number; val: number; test: number };
}

function allPoints(data: UserData): Point[] {
  return data.layout === 'split' ? [...data.train, ...data.val, ...data.test] : data.points;
}

/** Counts, ranges and duplicates of the data. */
export function computeDataFacts(data: UserData): DataFacts {
  const points = allPoints(data);
  const byLabel = new Map<number, number>();
  const seen = new Map<string, number>();
  let duplicates = 0;
  let conflictingDuplicates = 0;
  let x1 = { min: Infinity, max: -Infinity };
  let x2 = { min: Infinity, max: -Infinity };
  for (const p of points) {
    if (data.task === 'classification') byLabel.set(p.label, (byLabel.get(p.label) ?? 0) + 1);
    x1 = { min: Math.min(x1.min, p.x1), max: Math.max(x1.max, p.x1) };
    x2 = { min: Math.min(x2.min, p.x2), max: Math.max(x2.max, p.x2) };
    const key = `${p.x1},${p.x2}`;
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, p.label);
    else {
      duplicates += 1;
      if (earlier !== p.label) conflictingDuplicates += 1;
    }
  }
  const perClass = [...byLabel.entries()].sort((a, b) => b[0] - a[0]).map(([label, count]) => ({ label, count }));
  if (data.task === 'classification' && data.classes > 2) perClass.sort((a, b) => a.label - b.label);
  const minorityShare = perClass.length ? Math.min(...perClass.map((c) => c.count)) / points.length : undefined;
  return {
    points: points.length,
    task: data.task,
    classes: data.classes,
    perClass,
    minorityShare,
    x1,
    x2,
    isOutsidePlane: Math.max(Math.abs(x1.min), Math.abs(x1.max), Math.abs(x2.min), Math.abs(x2.max)) > PLANE_LIMIT,
    duplicates,
    conflictingDuplicates,
    split: data.layout === 'split' ? { train: data.train.length, val: data.val.length, test: data.test.length } : undefined,
  };
}

/** A class label as the pictures colour it. */
export function classWord(label: number, classes: number): string {
  if (classes === 2) return label === 1 ? 'blue (+1)' : 'orange (−1)';
  return `class ${label}`;
}

function formatNumber(n: number): string {
  return Math.abs(n) >= 1000 || (Math.abs(n) < 0.01 && n !== 0) ? n.toExponential(2) : String(Math.round(n * 100) / 100);
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/**
 * Sentences describing the data (Markdown): what it is, balance, ranges, duplicates; warnings start
 * with "⚠". `scaleHint` is the option that rescales (e.g. "`scale:true`").
 */
export function describeDataFacts(facts: DataFacts, source: string, options: { scaleHint: string }): string[] {
  const lines: string[] = [];
  const split = facts.split ? ` (split as given: ${facts.split.train} train, ${facts.split.val} validation, ${facts.split.test} test)` : '';
  if (facts.task === 'regression') {
    lines.push(`**${source}**: ${facts.points} points${split} — regression: the labels are numbers, not all class numbers (−1/+1, 0/1 or 0…9), so the network learns to predict them.`);
  } else {
    const counts = facts.perClass.map((c) => `${c.count} ${classWord(c.label, facts.classes)}`).join(', ');
    lines.push(`**${source}**: ${facts.points} points${split} — classification with ${facts.classes} classes: ${counts}.`);
    if (facts.minorityShare !== undefined && facts.minorityShare < MINORITY_WARNING_SHARE) {
      const smallest = facts.perClass.reduce((a, b) => (b.count < a.count ? b : a));
      const largest = facts.perClass.reduce((a, b) => (b.count > a.count ? b : a));
      lines.push(`⚠ Unbalanced: only ${percent(facts.minorityShare)} of the points are ${classWord(smallest.label, facts.classes)}. A network that always answers ${classWord(largest.label, facts.classes)} is already ${percent(largest.count / facts.points)} accurate — compare the test accuracy with that, not with 50 %.`);
    }
  }
  const range = `x1 runs from ${formatNumber(facts.x1.min)} to ${formatNumber(facts.x1.max)}, x2 from ${formatNumber(facts.x2.min)} to ${formatNumber(facts.x2.max)}`;
  if (facts.isOutsidePlane) {
    lines.push(`⚠ ${range} — outside the −${PLANE_LIMIT}…${PLANE_LIMIT} plane the pictures show, so some points are off the picture, and large inputs saturate tanh and sigmoid units. Try ${options.scaleHint} (standardises x1 and x2 with the training set's mean and spread).`);
  } else {
    lines.push(`${range} (inside the −${PLANE_LIMIT}…${PLANE_LIMIT} plane).`);
  }
  if (facts.duplicates > 0) {
    const conflicts = facts.conflictingDuplicates > 0 ? `, ${facts.conflictingDuplicates} of them with a different label — no network can get both right` : '';
    lines.push(`${facts.duplicates} point${facts.duplicates === 1 ? ' repeats' : 's repeat'} an earlier point's x1, x2${conflicts}.`);
  } else {
    lines.push('No duplicate points.');
  }
  return lines;
}
