/** The view_submission of the paste modal: validates the pasted text, closes the modal and runs the command with it as an attachment. */
import type { WebClient } from '@slack/web-api';
import { logger } from '../../chat/logger.ts';
import { dispatchCommand } from '../../chat/router.ts';
import type { Caller, CommandDef } from '../../chat/types.ts';
import { mentionedOptions } from './invocation.ts';
import { isSlackResponseUrl, PASTE_BLOCK_ID, PASTED_FILE_NAME, pastedAttachment, readPasteSubmission, respondVia } from './paste-modal.ts';
import { SlackResponder } from './responder.ts';
import { usageText } from './usage.ts';

/** What a submission needs from the running app. */
export interface PasteSubmissionDeps {
  commands: CommandDef[];
  /** Origin of the configured Web API; a stored response_url must be Slack's (hooks.slack.com) or on it. */
  apiOrigin: string;
  fetchFn: typeof fetch;
  progressIntervalMs: number;
  signal: AbortSignal;
  makeCaller(user: { id: string; name?: string }, channelId: string, teamId?: string): Promise<Caller>;
  track(work: Promise<void>): Promise<void>;
}

/** The parts of Bolt's view listener arguments used here. */
export interface ViewSubmissionArgs {
  ack(response?: { response_action: 'errors'; errors: Record<string, string> }): Promise<void>;
  body: { user: { id: string; name?: string; username?: string }; team?: { id?: string } | null };
  view: Parameters<typeof readPasteSubmission>[0];
  client: WebClient;
}

/**
 * Handles one paste-modal submission. Empty text keeps the modal open with an error under the
 * box (response_action "errors"); otherwise the modal closes and the command runs as the
 * submitting user (from Slack's signed payload) in the channel where it was typed, answering
 * through that slash command's response_url.
 */
export async function handlePasteSubmission(args: ViewSubmissionArgs, deps: PasteSubmissionDeps): Promise<void> {
  const submission = readPasteSubmission(args.view);
  const def = submission ? deps.commands.find((c) => c.name === submission.request.command) : undefined;
  if (!submission || !def || !isSlackResponseUrl(submission.request.responseUrl, deps.apiOrigin)) {
    logger.warn({ platform: 'slack' }, 'slack: a paste modal submission that this app did not open; ignored');
    await args.ack();
    return;
  }
  const { request, text } = submission;
  if (!text.trim()) {
    await args.ack({ response_action: 'errors', errors: { [PASTE_BLOCK_ID]: 'Paste a header row (x1,x2,label) and at least one point.' } });
    return;
  }
  await args.ack();
  const responder = new SlackResponder({
    kind: 'command',
    label: request.invokedAs,
    channelId: request.channelId,
    userId: args.body.user.id,
    respond: respondVia(request.responseUrl, deps.fetchFn),
    client: args.client,
    progressIntervalMs: deps.progressIntervalMs,
    explainUserError: (message) => {
      const named = mentionedOptions(def, message);
      return named.length ? usageText(def, request.invokedAs, named) : undefined;
    },
  });
  await deps.track(
    (async () => {
      try {
        const user = args.body.user;
        const caller = await deps.makeCaller({ id: user.id, name: user.username ?? user.name }, request.channelId, args.body.team?.id ?? request.teamId);
        await dispatchCommand({
          command: def.name,
          options: { ...request.options, [request.option]: PASTED_FILE_NAME },
          attachments: [pastedAttachment(text)],
          caller,
          responder,
          commands: deps.commands,
          signal: deps.signal,
        });
      } catch (error) {
        logger.error({ err: error, command: def.name }, 'slack: pasted-data command failed');
      }
    })(),
  );
}
