/** Interaction callback and webhook-token rules: the 3-second acknowledgement window, one ack each, the 15-minute token. */
import { checkMessageBody } from './checks.ts';
import { fail, HttpError } from './http-error.ts';
import { apiMessage, editMessage, storeMessage } from './messages.ts';
import { MESSAGE_FLAGS } from './payloads.ts';
import type { ParsedBody } from './request-body.ts';
import type { FakeDiscordState } from './state.ts';
import { ACK_WINDOW_MS, CALLBACK, TOKEN_LIFETIME_MS, type FakeInteraction } from './types.ts';

/** POST /interactions/:id/:token/callback — acknowledges an interaction once, within ACK_WINDOW_MS, with a type valid for its kind. */
export function interactionCallback(fake: FakeDiscordState, id: string, token: string, body: ParsedBody, withResponse: boolean): unknown {
  const interaction = fake.interactions.get(id);
  if (!interaction || interaction.token !== token) return fail(404, 10062, 'Unknown interaction');
  if (interaction.ack) return fail(400, 40060, 'Interaction has already been acknowledged.');
  const ageMs = Date.now() - interaction.createdAt;
  if (ageMs > ACK_WINDOW_MS) return fail(404, 10062, `Unknown interaction (acknowledged after ${ageMs} ms; Discord allows ${ACK_WINDOW_MS} ms)`);
  const type = Number(body.json.type);
  const data = (body.json.data ?? {}) as Record<string, unknown>;
  const allowed: Record<FakeInteraction['kind'], number[]> = {
    command: [CALLBACK.message, CALLBACK.deferredMessage, CALLBACK.modal],
    component: [CALLBACK.message, CALLBACK.deferredMessage, CALLBACK.deferredUpdate, CALLBACK.updateMessage, CALLBACK.modal],
    autocomplete: [CALLBACK.autocompleteResult],
  };
  if (!allowed[interaction.kind].includes(type)) return fail(400, 50035, `Invalid Form Body (type: ${type} is not valid for a ${interaction.kind} interaction)`);
  const ephemeral = (Number(data.flags ?? 0) & MESSAGE_FLAGS.ephemeral) !== 0;
  const sourceMessageId = interaction.sourceMessageId;
  if (type === CALLBACK.message) {
    const error = checkMessageBody(data, body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length })), interaction.attachmentSizeLimitBytes, { isEdit: false });
    if (error) throw new HttpError(error);
    interaction.originalMessageId = storeMessage(fake, interaction, data, body, ephemeral).id;
  } else if (type === CALLBACK.deferredMessage) {
    const message = storeMessage(fake, interaction, { content: '' }, { json: {}, files: [], isMultipart: false }, ephemeral);
    message.isLoading = true;
    interaction.originalMessageId = message.id;
  } else if (type === CALLBACK.deferredUpdate) {
    interaction.originalMessageId = sourceMessageId;
  } else if (type === CALLBACK.updateMessage) {
    interaction.originalMessageId = sourceMessageId;
    interaction.ack = { type, at: Date.now(), ephemeral: false };
    editMessage(fake, interaction, sourceMessageId!, body, 'edit-original');
  } else if (type === CALLBACK.autocompleteResult) {
    const choices = (data.choices ?? []) as { name: string; value: string | number }[];
    if (!Array.isArray(choices) || choices.length > 25) return fail(400, 50035, 'Invalid Form Body (data.choices: Must be 25 or fewer in length.)');
    for (const choice of choices) {
      if (!choice.name || choice.name.length > 100) return fail(400, 50035, 'Invalid Form Body (data.choices.name: Must be between 1 and 100 in length.)');
    }
    interaction.autocompleteChoices = choices;
  }
  interaction.ack = { type, at: Date.now(), ephemeral };
  const message = interaction.originalMessageId ? fake.messages.get(interaction.originalMessageId) : undefined;
  fake.events.push({
    kind: 'callback',
    interactionId: interaction.id,
    at: interaction.ack.at,
    callbackType: type,
    messageId: message?.id,
    content: message?.content,
    attachmentNames: message?.attachments.map((a) => a.filename),
  });
  if (!withResponse) return undefined;
  return {
    interaction: { id: interaction.id, type: interaction.kind === 'command' ? 2 : 3, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: message?.isLoading ?? false, response_message_ephemeral: ephemeral },
    resource: message ? { type, message: apiMessage(fake, message.id) } : { type },
  };
}

/** The interaction behind a webhook token: 10015 when unknown or not yet acknowledged, 50027 once the token has expired. */
export function interactionForWebhook(fake: FakeDiscordState, applicationId: string, token: string): FakeInteraction {
  if (applicationId !== fake.applicationId) return fail(404, 10015, 'Unknown Webhook');
  const interaction = [...fake.interactions.values()].find((i) => i.token === token);
  if (!interaction) return fail(404, 10015, 'Unknown Webhook');
  if (Date.now() - interaction.createdAt > TOKEN_LIFETIME_MS) return fail(401, 50027, 'Invalid Webhook Token');
  if (!interaction.ack) return fail(404, 10015, 'Unknown Webhook (the interaction has not been acknowledged yet)');
  if (interaction.kind === 'autocomplete') return fail(400, 50035, 'Autocomplete interactions have no messages');
  return interaction;
}

/** The id @original points at; 404 10008 "Unknown Message" when there is none or it was deleted. */
export function requireOriginal(interaction: FakeInteraction): string {
  if (!interaction.originalMessageId || interaction.originalDeleted) return fail(404, 10008, 'Unknown Message');
  return interaction.originalMessageId;
}
