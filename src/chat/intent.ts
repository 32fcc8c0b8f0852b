/**
 * Recognises a request typed without a slash ("train a spiral", "show me relu", "quiz me",
 * "train dataset:xor") and writes the command that does it. Names (datasets, activations,
 * optimisers, lessons) come from the commands' own option choices, so they are spelt once.
 * Deliberately small: keywords and names, with typos forgiven; anything unsure gives nothing.
 */
import { closestMatches } from './suggest.ts';
import type { CommandDef } from './types.ts';

/** A recognised request: the command line to suggest, e.g. "/train dataset:spiral". */
export interface Intent {
  command: string;
}

/** Longest text read for a request; longer lines are chat, not commands. */
const MAX_REQUEST_CHARS = 200;

/** Words that ask for a command, by the command they ask for (the first that applies wins). */
const KEYWORDS: readonly { command: string; words: readonly string[]; phrases?: readonly RegExp[] }[] = [
  { command: 'help', words: ['help', 'commands'], phrases: [/\bwhat can you do\b/, /\bhow do i\b/] },
  { command: 'leaderboard', words: ['leaderboard', 'leaderboards', 'ranking', 'scores'] },
  { command: 'quiz', words: ['quiz', 'revise', 'revision', 'questions'], phrases: [/\btest me\b/, /\bask me\b/] },
  { command: 'lesson', words: ['lesson', 'lessons', 'teach', 'tutorial', 'exercise', 'exercises', 'practice'] },
  { command: 'compare', words: ['compare', 'comparison', 'versus', 'vs'] },
  { command: 'overfit', words: ['overfit', 'overfitting', 'overfits', 'regularisation', 'regularization', 'dropout'] },
  { command: 'cost', words: ['cost', 'parameters', 'computations', 'expensive'] },
  { command: 'playground', words: ['playground', 'tensorflow'] },
  { command: 'optimizers', words: ['optimizers', 'optimisers', 'optimizer', 'optimiser', 'descent', 'surface'] },
  { command: 'train', words: ['train', 'training', 'classify'] },
  { command: 'activation', words: ['activation', 'activations', 'plot', 'graph', 'curve'] },
  { command: 'dataset', words: ['dataset', 'datasets'] },
];

/** Ways people write names that differ from ours. */
const ALIASES: Record<string, string> = {
  gaussian: 'gauss', gaussians: 'gauss', spirals: 'spiral', circles: 'circle', moon: 'moons', sinus: 'sine', cube: 'cubic', 'leaky relu': 'leaky-relu', leaky: 'leaky-relu',
  'binary step': 'binary-step', linear: 'identity', 'rms prop': 'rmsprop', 'ada grad': 'adagrad',
};

/** Common words never read as a misspelt name ("the" is one edit from "tanh"… and from nothing useful). */
const STOP_WORDS = new Set(['a', 'an', 'the', 'me', 'my', 'on', 'of', 'to', 'and', 'with', 'what', 'show', 'does', 'look', 'like', 'is', 'how', 'please', 'can', 'you', 'i', 'it', 'this', 'that', 'some', 'net', 'network', 'neural', 'using', 'use', 'for', 'data', 'about', 'again', 'more', 'want', 'would', 'could', 'should', 'there', 'here', 'then', 'than', 'when', 'where', 'which', 'while', 'into', 'from', 'have', 'just', 'only', 'also', 'very', 'work', 'works', 'make', 'made']);

/** The values one option of one command offers (its choices, else its suggestions for nothing typed), or [] when absent. */
function choicesOf(commands: readonly CommandDef[], command: string, option: string): readonly string[] {
  const def = commands.find((c) => c.name === command)?.options.find((o) => o.name === option);
  // an option that also takes saved names (dataset:my:moons) lists its built-in names as suggestions
  return def?.choices ?? def?.autocomplete?.('').filter((name) => !name.includes(':')) ?? [];
}

/** Names found in the words, in order, each once: exact, aliased or one typo away. */
function findNames(words: readonly string[], names: readonly string[]): string[] {
  const found: string[] = [];
  const add = (name: string) => {
    if (names.includes(name) && !found.includes(name)) found.push(name);
  };
  for (const word of words) {
    if (names.includes(word)) add(word);
    else if (ALIASES[word]) add(ALIASES[word]!);
    else if (word.length >= 4 && !STOP_WORDS.has(word)) {
      const near = closestMatches(word, names, 1);
      if (near.length === 1 && near[0]!.length >= 4) add(near[0]!);
    }
  }
  return found;
}

/** "8,8", "8x8", "8 8 layers" → "8,8" when the text names hidden layers. */
function findLayers(text: string): string | undefined {
  const match = /\b(\d{1,2}(?:\s*[,x×]\s*\d{1,2})*)\s*(?:hidden\s*)?(?:layers?|neurons?|units?)\b/.exec(text) ?? /\blayers?\s*(?:of\s*)?(\d{1,2}(?:\s*[,x×]\s*\d{1,2})*)\b/.exec(text);
  return match ? match[1]!.replace(/\s*[x×,]\s*/g, ',') : undefined;
}

/** "/train dataset:xor" for "train dataset:xor" or "trian dataset:xor": a command typed without its slash. */
function matchSlashless(text: string, commands: readonly CommandDef[]): Intent | undefined {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const names = commands.map((c) => c.name);
  const name = names.includes(word) ? word : rest.some((r) => /^[a-z-]+[:=]/.test(r)) ? closestMatches(word, names, 1)[0] : undefined;
  if (!name) return undefined;
  const looksLikeOptions = rest.length === 0 || rest.some((r) => /^[a-z][\w-]*[:=]|^--/i.test(r));
  return looksLikeOptions ? { command: [`/${name}`, ...rest].join(' ') } : undefined;
}

/**
 * The command a plain-text request most likely means, or undefined when it is not recognisably
 * one. Only names offered as choices by the given commands are used in the suggestion.
 */
export function matchIntent(text: string, commands: readonly CommandDef[]): Intent | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_REQUEST_CHARS) return undefined;
  const slashless = matchSlashless(trimmed, commands);
  if (slashless) return slashless;

  let lower = trimmed.toLowerCase();
  // "leaky relu" is one name (leaky-relu), not "leaky" and "relu".
  for (const [alias, name] of Object.entries(ALIASES)) if (alias.includes(' ')) lower = lower.replaceAll(alias, name);
  const words = lower.replace(/[^\p{L}\p{N}\s,-]/gu, ' ').split(/[\s,]+/).filter(Boolean);
  const has = (command: string) => commands.some((c) => c.name === command);
  const datasets = findNames(words, choicesOf(commands, 'train', 'dataset'));
  const activations = findNames(words, choicesOf(commands, 'train', 'activation'));
  const optimizers = findNames(words, choicesOf(commands, 'train', 'optimizer'));
  const lessons = findNames(words, choicesOf(commands, 'lesson', 'name'));
  const keyword = KEYWORDS.find(({ words: keys, phrases }) => keys.some((k) => words.includes(k)) || phrases?.some((p) => p.test(lower)));
  const command = keyword?.command ?? (activations.length ? 'activation' : datasets.length ? 'dataset' : optimizers.length ? 'optimizers' : undefined);
  if (!command || !has(command)) return undefined;

  const parts = [`/${command}`];
  switch (command) {
    case 'train': {
      if (datasets[0]) parts.push(`dataset:${datasets[0]}`);
      const layers = findLayers(lower);
      if (layers) parts.push(`layers:${layers}`);
      if (activations[0]) parts.push(`activation:${activations[0]}`);
      if (optimizers[0]) parts.push(`optimizer:${optimizers[0]}`);
      const epochs = /\b(\d{1,5})\s*epochs?\b/.exec(lower);
      if (epochs) parts.push(`epochs:${epochs[1]}`);
      break;
    }
    case 'activation':
      if (activations.length === 1) parts.push(`name:${activations[0]}`);
      else if (activations.length > 1) parts.push(`compare:${activations.join(',')}`);
      break;
    case 'dataset':
      if (datasets[0]) parts.push(`dataset:${datasets[0]}`);
      break;
    case 'compare':
      if (activations.length >= 2) parts.push('setting:activation', `values:${activations.join(',')}`);
      else if (optimizers.length >= 2) parts.push('setting:optimizer', `values:${optimizers.join(',')}`);
      if (datasets[0]) parts.push(`dataset:${datasets[0]}`);
      break;
    case 'lesson':
      if (lessons[0]) parts.push(`name:${lessons[0]}`);
      break;
    case 'overfit':
      if (datasets[0]) parts.push(`dataset:${datasets[0]}`);
      break;
    case 'cost': {
      const sizes = /\b(\d{1,6}(?:\s*[,x×-]\s*\d{1,6})+)\b/.exec(lower);
      if (sizes) parts.push(`layers:${sizes[1]!.replace(/\s*[x×,-]\s*/g, ',')}`);
      break;
    }
  }
  return { command: parts.join(' ') };
}

/**
 * The options a request means when it was typed where options belong (`/train a spiral` →
 * "dataset:spiral"), or undefined when the words do not read as one for that command.
 */
export function optionsForRequest(command: string, text: string, commands: readonly CommandDef[]): string | undefined {
  const intent = matchIntent(`${command} ${text}`, commands);
  const options = intent?.command.startsWith(`/${command} `) ? intent.command.slice(command.length + 2) : '';
  return options && options.trim() !== text.trim() ? options : undefined;
}
