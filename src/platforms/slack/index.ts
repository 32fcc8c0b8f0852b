import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, type RespondFn } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import { registerChannelPoster } from '../../chat/channel-posters.ts';
import { isUserFacingError, UserError } from '../../chat/errors.ts';
import { logger } from '../../chat/logger.ts';
import { dispatchCommand, dispatchComponent } from '../../chat/router.ts';
import type { Caller, ChatAttachment, CommandDef } from '../../chat/types.ts';
import { routingIdOf } from './blocks.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { pasteOptionOf, resolveSharedFileOptions } from './command-attachments.ts';
import { parseOptions } from '../../chat/options.ts';
import { buildPasteModal, PASTE_CALLBACK_ID, PASTED_FILE_NAME } from './paste-modal.ts';
import { handlePasteSubmission, type ViewSubmissionArgs } from './paste-submission.ts';
import { slackDownloadPolicy } from './shared-files.ts';
import { ephemeralAck, mentionedOptions, requestHint, resolveInvocation } from './invocation.ts';
import { LecturerDirectory } from './lecturers.ts';
import { resolveSlackOptions, type SlackOptions } from './options.ts';
import { SlackResponder } from './responder.ts';
import { parseCommandText } from './text-args.ts';
import { refuseReplays, type ReplayMemory } from './replay-guard.ts';
import { PlatformUnreachableError } from '../background-start.ts';
import { usageText } from './usage.ts';

export type { SlackOptions } from './options.ts';

/** A running Slack app. */
export interface SlackAppHandle {
  /** Cancels running commands, waits briefly for them to answer, then disconnects. */
  stop(): Promise<void>;
  mode: 'socket' | 'http';
  /** HTTP mode: the port Bolt's `/slack/events` listens on (useful when started with port 0). */
  httpPort?: number;
}

const STOP_GRACE_MS = 5_000;

/** A fetch that gives up after `timeoutMs` (Bolt posts to response_url with the client's fetch). */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

/** True for a Web API failure that never got an answer from Slack (network error, timeout), as opposed to Slack refusing. */
function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error' && Number((error as { statusCode?: unknown }).statusCode) >= 500;
}

/**
 * Starts the tutor in a Slack workspace with Bolt: Socket Mode when `appToken` is set, otherwise
 * HTTP mode on `port` at `/slack/events`, where requests whose signature is missing, wrong, more
 * than five minutes old or ahead, or already used (a replay) are refused with 401. Every command is its own slash command
 * (`/<prefix><name>`) and also reachable as `/<umbrella> <name> …`; buttons and selects come back
 * as Block Kit actions and are routed to the command that made them.
 */
export async function startSlackApp(
  options: SlackOptions,
  deps: {
    commands: CommandDef[];
    /** Where used request signatures are remembered (default: this process; with several instances, Redis). */
    replayMemory?: ReplayMemory;
  },
): Promise<SlackAppHandle> {
  const settings = resolveSlackOptions(options);
  const commands = deps.commands;
  const isSocketMode = Boolean(settings.appToken);
  let receiver: HTTPReceiver | undefined;
  if (!isSocketMode) {
    receiver = new HTTPReceiver({ signingSecret: settings.signingSecret!, logger: createBoltLogger() });
    refuseReplays(receiver, settings.signingSecret!, deps.replayMemory);
  }
  const app = new App({
    token: settings.botToken,
    ...(isSocketMode ? { socketMode: true, appToken: settings.appToken } : { receiver }),
    // Every Web API call and response_url post has a deadline and few quick retries (the default
    // is ten retries over about half an hour), so an unreachable Slack never hangs a command.
    clientOptions: {
      slackApiUrl: settings.apiUrl,
      timeout: settings.apiTimeoutMs,
      retryConfig: { retries: settings.apiRetries, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      fetch: fetchWithTimeout(settings.apiTimeoutMs) as unknown as WebClientOptions['fetch'],
    },
    logger: createBoltLogger(),
    // init() below runs auth.test once and fails here, with a clear message, on a bad token.
    deferInitialization: true,
  });

  try {
    await app.init();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (isUnreachable(error))
      throw new PlatformUnreachableError(`cannot reach the Slack Web API at ${settings.apiUrl} (${(error as Error).message}).`, { cause: error });
    throw new Error(
      `Slack: the bot token was refused by ${settings.apiUrl} (${code ?? (error as Error).message}). ` +
        'Check SLACK_BOT_TOKEN (the xoxb-… token under "OAuth & Permissions", after installing the app).',
    );
  }

  const lecturers = new LecturerDirectory(app.client, settings.lecturerUserIds, settings.isAdminLecturer);
  const shutdown = new AbortController();
  const running = new Set<Promise<void>>();
  const slashName = (name: string) => `/${settings.commandPrefix}${name}`;
  const downloadPolicy = slackDownloadPolicy(settings);

  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  const makeCaller = async (user: { id: string; name?: string }, channelId: string, teamId?: string): Promise<Caller> => ({
    platform: 'slack',
    userId: user.id,
    displayName: user.name || user.id,
    channelId,
    ...(teamId ? { spaceId: teamId } : {}),
    isLecturer: await lecturers.isLecturer(user.id),
  });

  app.command(/^\/.+/, async ({ command, ack, respond, client }) => {
    const invocation = resolveInvocation(command, commands, settings, slashName);
    if (invocation.answer !== undefined) return ack(ephemeralAck(invocation.answer));
    const def = invocation.def!;
    const parsed = parseCommandText(invocation.text, def.options);
    if (parsed.problems.length) {
      const problems = parsed.problems.map((p) => `- ${p.charAt(0).toUpperCase()}${p.slice(1)}`).join('\n');
      const usage = usageText(def, invocation.invokedAs, mentionedOptions(def, problems));
      return ack(ephemeralAck(`${requestHint(def, invocation.text, invocation.invokedAs, commands)}I couldn't read that:\n${problems}\n\n${usage}`));
    }
    // Slack shows "operation_timeout" unless it hears back within 3 s: acknowledge before any work.
    await ack();
    const pasteOption = pasteOptionOf(def, parsed.options);
    if (pasteOption) {
      // `data:paste`: a modal to paste CSV text into; its submission runs the command (paste-submission.ts)
      try {
        const { [pasteOption]: _paste, ...otherOptions } = parsed.options;
        // the other options are checked now, so a mistake is reported before anyone pastes anything
        const checked = parseOptions(def.name, def.options, { ...otherOptions, [pasteOption]: PASTED_FILE_NAME });
        def.checkOptions?.(checked);
        const view = buildPasteModal({
          command: def.name,
          invokedAs: invocation.invokedAs,
          option: pasteOption,
          options: otherOptions,
          channelId: command.channel_id,
          ...(command.team_id ? { teamId: command.team_id } : {}),
          responseUrl: command.response_url,
        });
        await (client as WebClient).views.open({ trigger_id: command.trigger_id, view: view as never });
      } catch (error) {
        const why = isUserFacingError(error) ? error.message : `I could not open the paste box (${(error as { data?: { error?: string } }).data?.error ?? (error as Error).message}). Run the command again.`;
        await respond(ephemeralAck(why)).catch((e) => logger.warn({ err: e }, 'slack: could not explain a failed views.open'));
      }
      return;
    }
    const responder = new SlackResponder({
      kind: 'command',
      label: invocation.invokedAs,
      channelId: command.channel_id,
      userId: command.user_id,
      respond,
      client: client as WebClient,
      progressIntervalMs: settings.progressIntervalMs,
      explainUserError: (message) => {
        const named = mentionedOptions(def, message);
        return named.length ? usageText(def, invocation.invokedAs, named) : undefined;
      },
    });
    await track(
      (async () => {
        try {
          const caller = await makeCaller({ id: command.user_id, name: command.user_name }, command.channel_id, command.team_id);
          let options = parsed.options;
          let attachments: ChatAttachment[] = [];
          try {
            ({ options, attachments } = await resolveSharedFileOptions(def, parsed.options, {
              client: client as WebClient,
              botToken: settings.botToken,
              channelId: command.channel_id,
              policy: downloadPolicy,
            }));
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            await responder.reply({ text: error.message, ephemeral: true, error: { kind: 'user', message: error.message } });
            return;
          }
          await dispatchCommand({ command: def.name, options, attachments, caller, responder, commands, signal: shutdown.signal });
        } catch (error) {
          logger.error({ err: error, command: def.name }, 'slack: command dispatch failed');
        }
      })(),
    );
  });

  app.view(PASTE_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await handlePasteSubmission({ ack, body, view, client } as unknown as ViewSubmissionArgs, {
      commands,
      apiOrigin: new URL(settings.apiUrl).origin,
      fetchFn: fetchWithTimeout(settings.apiTimeoutMs),
      progressIntervalMs: settings.progressIntervalMs,
      signal: shutdown.signal,
      makeCaller,
      track,
    });
  });

  app.action(/.*/, async ({ body, ack, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const action = body.actions[0] as
      | {
          type?: string;
          action_id?: string;
          value?: string;
          text?: { text?: string };
          selected_option?: { value: string };
          selected_options?: { value: string }[];
        }
      | undefined;
    if (!action) return;
    const id = routingIdOf(action);
    if (!id) return; // a link button: Slack opened the URL, nothing to run
    const values = action.selected_option
      ? [action.selected_option.value]
      : (action.selected_options ?? []).map((o) => o.value);
    const container = body.container as { channel_id?: string; is_ephemeral?: boolean } | undefined;
    const channelId = body.channel?.id ?? container?.channel_id ?? '';
    const message = body.message as { thread_ts?: string; ts?: string } | undefined;
    const responder = new SlackResponder({
      kind: 'component',
      label: `/${id.split(':')[0]} · ${action.text?.text ?? id.split(':')[1] ?? ''}`,
      channelId,
      userId: body.user.id,
      ...(message?.thread_ts ? { threadTs: message.thread_ts } : {}),
      isClickedMessageEphemeral: container?.is_ephemeral === true,
      respond: respond as RespondFn,
      client: client as WebClient,
      progressIntervalMs: settings.progressIntervalMs,
    });
    await track(
      (async () => {
        try {
          const user = body.user as { id: string; username?: string; name?: string };
          const caller = await makeCaller({ id: user.id, name: user.username ?? user.name }, channelId, body.team?.id ?? undefined);
          await dispatchComponent({ id, values, caller, responder, commands, signal: shutdown.signal });
        } catch (error) {
          logger.error({ err: error, component: id }, 'slack: component dispatch failed');
        }
      })(),
    );
  });

  app.error(async (error) => {
    logger.error({ err: error, platform: 'slack' }, 'slack: unhandled error in Bolt');
  });

  let httpPort: number | undefined;
  if (isSocketMode) {
    try {
      await app.start();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (isUnreachable(error))
        throw new PlatformUnreachableError(`cannot reach Slack to open a Socket Mode connection (${(error as Error).message}).`, { cause: error });
      throw new Error(
        `Slack: could not open a Socket Mode connection (${code ?? (error as Error).message}). ` +
          'Check SLACK_APP_TOKEN (an xapp-… app-level token with the connections:write scope, under "Basic Information").',
      );
    }
    logger.info({ platform: 'slack', commands: commands.length }, 'slack: connected over Socket Mode');
  } else {
    const server = (await app.start({ port: settings.port, ...(settings.host ? { host: settings.host } : {}) })) as Server;
    httpPort = (server.address() as AddressInfo).port;
    logger.info({ platform: 'slack', port: httpPort }, 'slack: listening for HTTP requests at /slack/events');
  }

  // Posts that answer no interaction (a live-quiz reveal taken over from another instance) go out as the bot's own message.
  const unregisterPoster = registerChannelPoster('slack', (target, reply) =>
    new SlackResponder({
      kind: 'component', label: 'nn-tutor', channelId: target.channelId, userId: '', client: app.client as WebClient,
      progressIntervalMs: settings.progressIntervalMs,
      respond: (async () => { throw new Error('no response_url: this post answers no interaction'); }) as RespondFn,
    }).reply(reply));

  return {
    mode: isSocketMode ? 'socket' : 'http',
    ...(httpPort !== undefined ? { httpPort } : {}),
    async stop() {
      unregisterPoster();
      shutdown.abort();
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
      await app.stop();
    },
  };
}
