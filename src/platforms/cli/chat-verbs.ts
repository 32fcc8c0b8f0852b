/**
 * Any command in commands/ from the terminal: `nn-tutor <command> [value] [option:value ...] [--option value ...]
 * [--out DIR] [--json]`. A CLI Responder keeps the latest answer, shows progress on stderr and
 * prints the final Reply as text (or JSON); images and files (report CSVs) go to --out.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dispatchCommand, loadCommands, type Caller, type Reply, type Responder } from '../../chat/index.ts';
import { showValue, unknownCommandMessage } from '../../chat/input-messages.ts';
import { CliUsageError } from './cli-error.ts';
import type { ParsedArgs } from './args.ts';
import type { CliOutput } from './engine-commands.ts';
import { attachFilesFromOptions } from './file-attachments.ts';

/** Collects what a command answers; progress goes to `onProgress`. */
class CollectingResponder implements Responder {
  final: Reply | undefined;
  readonly followUps: Reply[] = [];
  constructor(private readonly onProgress: (text: string) => void) {}
  async defer(): Promise<void> {}
  async reply(reply: Reply): Promise<void> { this.final = reply; }
  async edit(reply: Reply): Promise<void> { this.final = reply; }
  async followUp(reply: Reply): Promise<void> { this.followUps.push(reply); }
  async progress(fraction: number, text: string): Promise<void> { this.onProgress(`${Math.round(fraction * 100)}% ${text}`); }
}

/** Turns the Markdown subset into plain terminal text. */
function toPlainText(markdown: string): string {
  return markdown
    .replace(/^```[a-z]*\n?/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 <$2>')
    // backslash escapes (`gradient\-based`, `\(the 11 steps\)`) print as the character itself
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** Runs a chat command and returns what to print; a user error becomes a CliUsageError (exit 2). */
export async function runChatVerb(name: string, args: ParsedArgs, onProgress: (text: string) => void): Promise<CliOutput> {
  const commands = await loadCommands();
  const def = commands.find((c) => c.name === name);
  if (!def) {
    const names = ['train', 'data', 'cost', ...commands.map((c) => c.name).filter((n) => n !== 'train' && n !== 'cost')];
    throw new CliUsageError(unknownCommandMessage(name, names, { prefix: '', hint: `Commands: ${names.join(', ')}. Try nn-tutor help.` }));
  }
  const options: Record<string, unknown> = {};
  for (const [flag, value] of args.flags) if (flag !== 'out' && flag !== 'json') options[flag] = value;
  // Words like `setting:activation` name an option, as in the chat; other words fill the first option.
  const optionNames = new Set(def.options.map((o) => o.name));
  const loose: string[] = [];
  for (const word of args.positional) {
    const named = /^([a-z][a-z0-9-]*):(.*)$/.exec(word);
    // A misspelt `nmae:relu` goes to the router as option `nmae`, which answers "Did you mean `name`?"; links stay values.
    if (named && (optionNames.has(named[1]) || !named[2].startsWith('//'))) options[named[1]] = named[2];
    else loose.push(word);
  }
  // A lone word that is one of a later option's choices sets that option (`nn-tutor dataset draw` → action:draw).
  const choiceOwner = loose.length === 1 ? def.options.find((o) => !(o.name in options) && o.choices?.includes(loose[0].toLowerCase())) : undefined;
  if (choiceOwner) {
    options[choiceOwner.name] = loose.pop()!.toLowerCase();
  }
  const firstOption = def.options[0];
  if (loose.length > 0) {
    if (!firstOption) throw new CliUsageError(`${name} takes no value, not ${showValue(loose.join(' '))}.`);
    options[firstOption.name] = loose.join(firstOption.type === 'string' ? ',' : ' ');
  }
  const caller: Caller = { platform: 'cli', userId: process.env.USER ?? 'cli', displayName: process.env.USER ?? 'you', channelId: 'cli', isLecturer: true };
  const responder = new CollectingResponder(onProgress);
  // `--data points.csv` names a file on disk: the command reads it as it reads an upload in the chat
  const attachments = await attachFilesFromOptions(def, options);
  await dispatchCommand({ command: name, options, caller, responder, commands, attachments });
  const replies = [responder.final, ...responder.followUps].filter((r): r is Reply => r !== undefined);
  const failed = replies.find((r) => (r as Reply & { error?: unknown }).error !== undefined);
  if (failed) throw new CliUsageError(toPlainText(failed.text ?? 'The command failed.'));
  const outDir = args.flags.get('out');
  const written: string[] = [];
  if (typeof outDir === 'string') {
    await mkdir(outDir, { recursive: true });
    for (const item of replies.flatMap((r) => [...(r.images ?? []), ...(r.files ?? [])])) {
      const target = path.join(outDir, path.basename(item.name));
      await writeFile(target, item.data);
      written.push(target);
    }
  }
  if (args.flags.get('json') === true) {
    const json = replies.map((r) => ({
      ...r,
      images: r.images?.map((i) => ({ name: i.name, alt: i.alt, contentType: i.contentType, bytes: i.data.length })),
      files: r.files?.map((f) => ({ name: f.name, contentType: f.contentType, bytes: f.data.length })),
    }));
    return { stdout: JSON.stringify(json.length === 1 ? json[0] : json) };
  }
  const text = replies.map((r) => toPlainText(r.text ?? '')).filter(Boolean).join('\n\n');
  const images = replies.flatMap((r) => [...(r.images ?? []), ...(r.files ?? [])]);
  const imageNote = written.length ? `\n\nWrote ${written.join(', ')}` : images.length ? `\n\n(${images.length} file${images.length > 1 ? 's' : ''}: add --out DIR to save ${images.length > 1 ? 'them' : 'it'})` : '';
  return { stdout: text + imageNote };
}
