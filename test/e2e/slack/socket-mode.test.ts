/**
 * The real Bolt app in Socket Mode (SLACK_APP_TOKEN set) against the fake Slack's Socket Mode
 * server: apps.connections.open hands out a WebSocket URL, the server says hello, sends slash
 * command and interactive envelopes, and collects the acks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDef } from '../../../src/chat/types.ts';
import { startSlackApp, type SlackAppHandle } from '../../../src/platforms/slack/index.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { blocksText, buttonClickPayload, buttonsOf, slashCommandFields } from './harness.ts';

const seen: string[] = [];

const greetCommand: CommandDef = {
  name: 'greet',
  description: 'Says hello with a button',
  options: [{ name: 'name', type: 'string', description: 'Who to greet', required: true }],
  async run(ctx) {
    seen.push(`run:${String(ctx.options.name)}`);
    await ctx.reply({ text: `Hello, **${String(ctx.options.name)}**!`, buttons: [[{ id: `greet:wave:${String(ctx.options.name)}`, label: 'Wave' }]] });
  },
  async onComponent(ctx) {
    seen.push(`click:${ctx.action}:${ctx.state.join(',')}`);
    await ctx.reply(`${ctx.caller.displayName} waves at ${ctx.state[0]}.`);
  },
};

let fake: FakeSlack;
let app: SlackAppHandle;

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await startSlackApp(
    { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, progressIntervalMs: 0 },
    { commands: [greetCommand] },
  );
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack Socket Mode', () => {
  it('connects with the app-level token through apps.connections.open and the hello handshake', () => {
    expect(app.mode).toBe('socket');
    expect(app.httpPort).toBeUndefined();
    const open = fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].token).toBe(fake.appToken);
    expect(fake.socketClientCount).toBe(1);
    expect(fake.timeline).toContain('socket:hello');
  });

  it('acks a slash-command envelope, then answers through response_url', async () => {
    const payload = slashCommandFields(fake, '/greet', 'Ada');
    const ack = await fake.sendEnvelope('slash_commands', payload);
    expect(ack.payload).toEqual({});
    const answer = await fake.waitFor(() => fake.responsesTo(payload.response_url)[0], 'the /greet answer');
    expect(answer.body.response_type).toBe('in_channel');
    expect(blocksText(answer.body.blocks)).toContain('Hello, *Ada*!');
    expect(seen).toContain('run:Ada');
  });

  it('carries the usage message in the ack itself when a required option is missing', async () => {
    const before = seen.length;
    const payload = slashCommandFields(fake, '/greet', '--name');
    const ack = await fake.sendEnvelope('slash_commands', payload);
    const body = ack.payload as { response_type?: string; blocks?: unknown };
    expect(body.response_type).toBe('ephemeral');
    expect(blocksText(body.blocks)).toContain('`--name` needs a value');
    expect(blocksText(body.blocks)).toContain('*Usage:* `/greet name:&lt;text&gt;`');
    expect(seen.length).toBe(before);
  });

  it('acks an interactive envelope and routes the button to the command', async () => {
    const payload = slashCommandFields(fake, '/greet', 'name:Grace');
    await fake.sendEnvelope('slash_commands', payload);
    const answer = await fake.waitFor(() => fake.responsesTo(payload.response_url)[0], 'the /greet answer');
    const wave = buttonsOf(answer.body.blocks)[0];
    expect(wave.value).toBe('greet:wave:Grace');

    const click = buttonClickPayload(fake, { action_id: wave.action_id, value: wave.value!, text: 'Wave' }, undefined, { id: 'U0LIN', name: 'lin' });
    const ack = await fake.sendEnvelope('interactive', click);
    expect(ack.payload).toEqual({});
    const posted = await fake.waitFor(() => fake.messages.find((m) => m.text?.includes('waves at Grace')), 'the wave message');
    expect(posted.text).toBe('lin waves at Grace.');
    expect(seen).toContain('click:wave:Grace');
  });

  it('refuses to start with an app token Slack rejects, naming SLACK_APP_TOKEN', async () => {
    await expect(
      startSlackApp({ botToken: fake.botToken, appToken: 'xapp-wrong', apiUrl: fake.apiUrl }, { commands: [greetCommand] }),
    ).rejects.toThrow(/SLACK_APP_TOKEN.*|invalid_auth/);
  });

  it('refuses to start with a bot token Slack rejects, naming SLACK_BOT_TOKEN', async () => {
    await expect(
      startSlackApp({ botToken: 'xoxb-wrong', appToken: fake.appToken, apiUrl: fake.apiUrl }, { commands: [greetCommand] }),
    ).rejects.toThrow(/invalid_auth.*SLACK_BOT_TOKEN/);
  });

  it('disconnects from the socket when stopped', async () => {
    const second = await startSlackApp(
      { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl },
      { commands: [greetCommand] },
    );
    await fake.waitFor(() => fake.socketClientCount === 2, 'a second connection');
    await second.stop();
    await fake.waitFor(() => fake.socketClientCount === 1, 'the second connection to close');
  });
});
