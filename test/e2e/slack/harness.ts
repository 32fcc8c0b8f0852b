/** Shared set-up for the Slack end-to-end tests: the real Bolt app against the local fake Slack. */
import { randomUUID } from 'node:crypto';
import type { CommandDef } from '../../../src/chat/types.ts';
import { startSlackApp, type SlackAppHandle, type SlackOptions } from '../../../src/platforms/slack/index.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../fakes/slack/fake-slack.ts';
import { signedHeaders } from '../../fakes/slack/signing.ts';

export const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';
export const CHANNEL_ID = 'C0COURSE';
export const TEAM_ID = 'T0FAKE';

export interface HttpHarness {
  fake: FakeSlack;
  app: SlackAppHandle;
  eventsUrl: string;
  stop(): Promise<void>;
}

/** Starts the fake Slack and the real Bolt app in HTTP mode on 127.0.0.1 (a free port); `options` may depend on the running fake (e.g. its origin). */
export async function startHttpHarness(
  commands: CommandDef[],
  options: Partial<SlackOptions> | ((fake: FakeSlack) => Partial<SlackOptions>) = {},
  fakeOptions: FakeSlackOptions = {},
): Promise<HttpHarness> {
  const fake = await startFakeSlack(fakeOptions);
  let app: SlackAppHandle;
  try {
    app = await startSlackApp(
      { botToken: fake.botToken, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, progressIntervalMs: 0, ...(typeof options === 'function' ? options(fake) : options) },
      { commands },
    );
  } catch (error) {
    await fake.stop(); // a failed start must not leave the fake listening for the rest of the run
    throw error;
  }
  return {
    fake,
    app,
    eventsUrl: `http://127.0.0.1:${app.httpPort}/slack/events`,
    async stop() {
      await app.stop();
      await fake.stop();
    },
  };
}

/** The form fields Slack posts for a slash command. */
export function slashCommandFields(
  fake: FakeSlack,
  command: string,
  text: string,
  user: { id: string; name: string } = { id: 'U0STUDENT', name: 'ada' },
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'fake-course',
    channel_id: CHANNEL_ID,
    channel_name: 'nn-course',
    user_id: user.id,
    user_name: user.name,
    command,
    text,
    api_app_id: 'A0FAKEAPP',
    is_enterprise_install: 'false',
    response_url: fake.newResponseUrl(),
    trigger_id: `${Date.now()}.${randomUUID()}`,
  };
}

/** A block_actions payload as Slack sends it when someone clicks a button in a message. */
export function buttonClickPayload(
  fake: FakeSlack,
  button: { action_id: string; value?: string; text?: string },
  message: { ts: string; text?: string; thread_ts?: string } = { ts: '1700000000.000001' },
  user: { id: string; name: string } = { id: 'U0STUDENT', name: 'ada' },
  options: { isEphemeral?: boolean } = {},
): Record<string, unknown> {
  const isEphemeral = Boolean(options.isEphemeral);
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: CHANNEL_ID, is_ephemeral: isEphemeral },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: TEAM_ID, domain: 'fake-course' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL_ID, name: 'nn-course' },
    // Slack leaves the message out of a click on an ephemeral message: only the container names it.
    ...(isEphemeral ? {} : { message: { type: 'message', user: 'U0BOT', ...message } }),
    state: { values: {} },
    response_url: fake.newResponseUrl({ ts: message.ts, isEphemeral }),
    actions: [
      {
        action_id: button.action_id,
        block_id: 'b1',
        text: { type: 'plain_text', text: button.text ?? 'button', emoji: true },
        ...(button.value !== undefined ? { value: button.value } : {}),
        type: 'button',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export interface PostResult {
  status: number;
  text: string;
  json?: Record<string, any>;
}

/** POSTs a form body to Bolt, signed like Slack does (or with the signature/timestamp given). */
export async function postSigned(
  eventsUrl: string,
  form: Record<string, string>,
  options: { timestampSec?: number; signature?: string | null; secret?: string } = {},
): Promise<PostResult> {
  const body = new URLSearchParams(form).toString();
  const response = await fetch(eventsUrl, {
    method: 'POST',
    headers: signedHeaders(options.secret ?? SIGNING_SECRET, body, options),
    body,
  });
  const text = await response.text();
  let json: Record<string, any> | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, ...(json ? { json } : {}) };
}

/** POSTs a block_actions payload as `payload=<json>`, signed. */
export function postAction(eventsUrl: string, payload: Record<string, unknown>): Promise<PostResult> {
  return postSigned(eventsUrl, { payload: JSON.stringify(payload) });
}

/** All mrkdwn/plain text inside a list of blocks, joined, for "the message says …" assertions. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') out.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** The button elements of a message's actions blocks. */
export function buttonsOf(blocks: unknown): { action_id: string; value?: string; url?: string; text: { text: string } }[] {
  if (!Array.isArray(blocks)) return [];
  return blocks
    .filter((b: any) => b.type === 'actions')
    .flatMap((b: any) => b.elements)
    .filter((e: any) => e.type === 'button');
}

/**
 * The view_submission payload Slack sends when a user submits a modal the app opened: the view as
 * opened (callback_id, private_metadata) plus the typed values in `state.values[block][action]`.
 */
export function viewSubmissionPayload(
  opened: { id: string; view: Record<string, unknown> },
  values: Record<string, Record<string, string>>,
  user: { id: string; name: string } = { id: 'U0STUDENT', name: 'ada' },
): Record<string, unknown> {
  const state = Object.fromEntries(
    Object.entries(values).map(([block, actions]) => [block, Object.fromEntries(Object.entries(actions).map(([action, value]) => [action, { type: 'plain_text_input', value }]))]),
  );
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'fake-course' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    view: {
      ...opened.view,
      id: opened.id,
      team_id: TEAM_ID,
      app_id: 'A0FAKEAPP',
      bot_id: 'B0BOT',
      state: { values: state },
      hash: `${Date.now()}.hash`,
      root_view_id: opened.id,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
