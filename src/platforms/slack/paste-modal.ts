/**
 * `/train data:paste` in Slack: a modal (views.open with the slash command's trigger_id) with a
 * multiline box for CSV text; its view_submission runs the command with the pasted text as an
 * attachment and answers through the slash command's own response_url, like any other answer.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { UserError } from '../../chat/errors.ts';
import { checkDeclaredSize } from '../remote-attachment.ts';
import type { ChatAttachment } from '../../chat/types.ts';

/** The modal's callback_id; its view_submission is routed by it. */
export const PASTE_CALLBACK_ID = 'nn-tutor:paste-data';
/** The option value that asks for the modal instead of naming a shared file. */
export const PASTE_VALUE = 'paste';
/** The input block and element ids of the text box. */
export const PASTE_BLOCK_ID = 'pasted_data';
export const PASTE_ACTION_ID = 'csv';
/** Slack's limit on a plain_text_input's length (max_length may be at most 3000). */
export const PASTE_MAX_CHARS = 3000;
/** Slack's limit on a view's private_metadata. */
const PRIVATE_METADATA_MAX_CHARS = 3000;
/** The name the pasted text goes by (the option's value and the attachment's name). */
export const PASTED_FILE_NAME = 'pasted.csv';

/** What the modal remembers of the command that opened it (its private_metadata, which only the app sets). */
export interface PasteRequest {
  /** Command name (as in commands/) and how it was typed (`/train`, `/nn train`). */
  command: string;
  invokedAs: string;
  /** The attachment option the pasted text fills. */
  option: string;
  /** The other options as typed, validated by the router when the modal is submitted. */
  options: Record<string, string | boolean>;
  channelId: string;
  teamId?: string;
  /** The slash command's response_url: the answer goes where the command was typed. */
  responseUrl: string;
}

/** True when a command's option value asks for the paste box. */
export function isPasteRequest(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === PASTE_VALUE;
}

/** The modal view for views.open: a short explanation and a multiline CSV box; the request rides in private_metadata. */
export function buildPasteModal(request: PasteRequest): Record<string, unknown> {
  const metadata = JSON.stringify(request);
  if (metadata.length > PRIVATE_METADATA_MAX_CHARS)
    throw new UserError('That command is too long to carry over to the paste box. Leave out some options and try again.');
  return {
    type: 'modal',
    callback_id: PASTE_CALLBACK_ID,
    private_metadata: metadata,
    title: { type: 'plain_text', text: 'Paste your data' },
    submit: { type: 'plain_text', text: `Run ${request.invokedAs}`.slice(0, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'One point per line: `x1,x2,label` with a header row first, labels 1/-1 (or 0/1). For example:\n```x1,x2,label\n1.5,2.0,1\n-0.5,-1.2,-1```',
        },
      },
      {
        type: 'input',
        block_id: PASTE_BLOCK_ID,
        label: { type: 'plain_text', text: 'CSV data' },
        element: {
          type: 'plain_text_input',
          action_id: PASTE_ACTION_ID,
          multiline: true,
          min_length: 1,
          max_length: PASTE_MAX_CHARS,
          placeholder: { type: 'plain_text', text: 'x1,x2,label' },
        },
        hint: { type: 'plain_text', text: `Up to ${PASTE_MAX_CHARS} characters; for more points, share a CSV file in the channel and name it: data:moons.csv` },
      },
    ],
  };
}

/** The request and pasted text of a submitted paste modal; undefined when the view is not one of ours or is malformed. */
export function readPasteSubmission(view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null }>> } }): { request: PasteRequest; text: string } | undefined {
  let request: PasteRequest;
  try {
    request = JSON.parse(view.private_metadata ?? '') as PasteRequest;
  } catch {
    return undefined;
  }
  if (!request || typeof request.command !== 'string' || typeof request.responseUrl !== 'string' || typeof request.option !== 'string') return undefined;
  const text = view.state?.values?.[PASTE_BLOCK_ID]?.[PASTE_ACTION_ID]?.value ?? '';
  return { request, text };
}

/** Pasted text as an attachment (text/csv); `read` applies the command's byte cap like a download would. */
export function pastedAttachment(text: string): ChatAttachment {
  const data = Buffer.from(text, 'utf8');
  return {
    name: PASTED_FILE_NAME,
    contentType: 'text/csv',
    sizeBytes: data.length,
    read: async (maxBytes) => {
      checkDeclaredSize(PASTED_FILE_NAME, data.length, maxBytes);
      return data;
    },
  };
}

/**
 * A `respond` for a stored response_url (as Bolt builds one for a request that carries it): POSTs
 * the message as JSON and throws on a non-2xx answer (expired or used up), so the responder falls back to the Web API.
 */
export function respondVia(responseUrl: string, fetchFn: typeof fetch): RespondFn {
  return async (message) => {
    const body: RespondArguments = typeof message === 'string' ? { text: message } : message;
    const response = await fetchFn(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    return response as never;
  };
}

/** True when `url` is a response_url Slack issues (https://hooks.slack.com/…) or one on `trustedOrigin` (the configured API's, for tests). */
export function isSlackResponseUrl(url: string, trustedOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com') || parsed.origin === trustedOrigin;
  } catch {
    return false;
  }
}
