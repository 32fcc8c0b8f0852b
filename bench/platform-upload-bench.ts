/**
 * Own-data upload on Discord and Slack (issue 15): time from the slash command to the first picture
 * (`/dataset data:<2,000-point two-moons CSV>` → dataset.png), through the real adapters against the
 * fakes in test/fakes (the fake CDN / the Slack file download, the worker pool's scatter plot, the
 * fake's upload endpoint). One warm-up run, then the median of five. Figures include the fakes' own
 * work on this machine, not Discord's or Slack's network.
 * Run alone: npx tsx bench/platform-upload-bench.ts
 */
import { loadCommands } from '../src/chat/registry.ts';
import { closeJobPool } from '../src/jobs/index.ts';
import { registerCommands } from '../src/platforms/discord/register.ts';
import { startHarness } from '../test/e2e/discord/harness.ts';
import { startHttpHarness, slashCommandFields, postSigned, CHANNEL_ID } from '../test/e2e/slack/harness.ts';
import { twoMoonsCsv } from '../test/tutor/user-datasets/two-moons.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const commands = await loadCommands();
const csv = twoMoonsCsv(2000, 0.1, 5);
console.log('CSV bytes', csv.length);

const d = await startHarness(commands, (fake) => ({ attachmentHosts: [fake.cdn.origin] }));
await registerCommands({ token: d.fake.token, clientId: d.fake.applicationId, guildId: d.fake.guild.id, apiUrl: d.fake.apiUrl }, commands);
const discordMs: number[] = [];
for (let i = 0; i < 6; i++) {
  const upload = d.fake.cdn.upload(`moons${i}.csv`, csv);
  const t0 = performance.now();
  const interaction = d.fake.runSlashCommand('dataset', { data: upload });
  await d.fake.waitFor(() => d.fake.original(interaction)?.attachments.some((a) => a.filename === 'dataset.png'), 'picture', 60_000);
  if (i > 0) discordMs.push(performance.now() - t0); // first run warms the worker pool
}
await d.close();

const s = await startHttpHarness(commands, (fake) => ({ fileHosts: [fake.origin] }));
const slackMs: number[] = [];
for (let i = 0; i < 6; i++) {
  s.fake.shareFile(CHANNEL_ID, `moons${i}.csv`, csv);
  const before = s.fake.uploadsIn(CHANNEL_ID).length;
  const t0 = performance.now();
  await postSigned(s.eventsUrl, slashCommandFields(s.fake, '/dataset', `data:moons${i}.csv`));
  await s.fake.waitFor(() => s.fake.uploadsIn(CHANNEL_ID).slice(before).some((f) => f.filename === 'dataset.png' && f.completed), 'picture', 60_000);
  if (i > 0) slackMs.push(performance.now() - t0);
}
await s.stop();
await closeJobPool();
console.log('discord ms', discordMs.map(Math.round), 'median', Math.round(median(discordMs)));
console.log('slack ms', slackMs.map(Math.round), 'median', Math.round(median(slackMs)));
process.exit(0);
