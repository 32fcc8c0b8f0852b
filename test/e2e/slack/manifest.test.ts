/** The Slack app manifest in the repo: one paste creates an app with every command and the scopes the adapter uses. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCommands } from '../../../src/chat/registry.ts';
import { buildSlackManifest, SLACK_BOT_SCOPES } from '../../../src/platforms/slack/manifest.ts';

const MANIFEST_PATH = new URL('../../../src/platforms/slack/manifest.yaml', import.meta.url);

interface Manifest {
  features: { slash_commands: { command: string; description: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
}

describe('Slack app manifest', () => {
  it('lists every command in commands/ plus /nn (regenerate with `npx tsx src/platforms/slack/manifest.ts` when this fails)', async () => {
    const manifest = parse(await readFile(MANIFEST_PATH, 'utf8')) as Manifest;
    const commands = await loadCommands();
    const listed = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(listed).toEqual([...commands.map((c) => `/${c.name}`), '/nn'].sort());
    for (const entry of manifest.features.slash_commands) expect(entry.description.length).toBeLessThanOrEqual(100);
  });

  it('enables Socket Mode and interactivity and asks for the scopes the adapter uses', async () => {
    const manifest = parse(await readFile(MANIFEST_PATH, 'utf8')) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
  });

  it('points commands and interactivity at /slack/events in the HTTP-mode variant, with the prefix applied', () => {
    const manifest = buildSlackManifest(
      [{ name: 'train', description: 'Train', options: [], run: async () => undefined }],
      { httpBaseUrl: 'https://tutor.example.org/', prefix: 'nn-' },
    ) as unknown as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.request_url).toBe('https://tutor.example.org/slack/events');
    expect(manifest.features.slash_commands.map((c) => [c.command, c.url])).toEqual([
      ['/nn-train', 'https://tutor.example.org/slack/events'],
      ['/nn', 'https://tutor.example.org/slack/events'],
    ]);
  });
});
