/** The REST route table under /api/v10: gateway lookup, bot user, guild, application, commands, interaction callbacks and webhooks. */
import { overwriteCommands } from './commands.ts';
import { fail } from './http-error.ts';
import { interactionCallback, interactionForWebhook, requireOriginal } from './interaction-routes.ts';
import { postChannelMessage } from './channel-messages.ts';
import { apiMessage, editMessage, followUp } from './messages.ts';
import { buildGuildCreate } from './payloads.ts';
import type { ParsedBody } from './request-body.ts';
import type { FakeDiscordState } from './state.ts';

/** Refuses an unauthenticated request with Discord's 401 (the bot token must be sent as `Bot <token>`). */
export function requireAuth(authorized: boolean): void {
  if (!authorized) fail(401, 0, '401: Unauthorized');
}

/** Answers one REST request (route without the /api/v10 prefix); `undefined` means 204 No Content, unknown routes 404. */
export async function routeRest(fake: FakeDiscordState, method: string, route: string, url: URL, body: ParsedBody, authorized: boolean): Promise<unknown> {
  let m: RegExpMatchArray | null;
  if (method === 'GET' && route === '/gateway/bot') {
    requireAuth(authorized);
    return {
      url: fake.gatewayUrl,
      shards: fake.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: fake.maxConcurrency },
    };
  }
  if (method === 'GET' && route === '/gateway') return { url: fake.gatewayUrl };
  if (method === 'GET' && route === '/users/@me') {
    requireAuth(authorized);
    return fake.botUser;
  }
  if (method === 'GET' && (m = route.match(/^\/guilds\/(\d+)$/))) {
    requireAuth(authorized);
    const found = fake.guilds.find((g) => g.id === m![1]);
    if (!found) fail(404, 10004, 'Unknown Guild');
    const { members: _members, channels: _channels, ...guild } = buildGuildCreate(found!, fake.botUser, fake.botRoleId);
    return guild;
  }
  if (method === 'GET' && route === '/applications/@me') {
    requireAuth(authorized);
    return { id: fake.applicationId, name: 'nn-tutor', description: '', bot_public: false, bot_require_code_grant: false, flags: 0, verify_key: '0'.repeat(64) };
  }
  if ((m = route.match(/^\/applications\/(\d+)\/commands$/))) {
    requireAuth(authorized);
    if (m[1] !== fake.applicationId) fail(403, 50001, 'Missing Access');
    if (method === 'GET') return fake.globalCommands;
    if (method === 'PUT') return overwriteCommands(fake, 'global', body.json, fake.globalCommands);
  }
  if ((m = route.match(/^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/))) {
    requireAuth(authorized);
    if (m[1] !== fake.applicationId) fail(403, 50001, 'Missing Access');
    if (m[2] !== fake.guild.id) fail(403, 50001, 'Missing Access');
    if (method === 'GET') return fake.guildCommands;
    if (method === 'PUT') return overwriteCommands(fake, 'guild', body.json, fake.guildCommands);
  }
  if (method === 'POST' && (m = route.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
    return interactionCallback(fake, m[1]!, decodeURIComponent(m[2]!), body, url.searchParams.get('with_response') === 'true');
  }
  if ((m = route.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/))) {
    const interaction = interactionForWebhook(fake, m[1]!, decodeURIComponent(m[2]!));
    const isOriginal = decodeURIComponent(m[3]!) === '@original';
    const messageId = isOriginal ? requireOriginal(interaction) : m[3]!;
    if (!isOriginal && !interaction.followUpIds.includes(messageId)) fail(404, 10008, 'Unknown Message');
    if (method === 'GET') return apiMessage(fake, messageId);
    if (method === 'PATCH') return editMessage(fake, interaction, messageId, body, isOriginal ? 'edit-original' : 'edit-message');
    if (method === 'DELETE') {
      if (isOriginal) interaction.originalDeleted = true;
      fake.messages.delete(messageId);
      fake.events.push({ kind: 'delete-original', interactionId: interaction.id, at: Date.now(), messageId });
      return undefined;
    }
  }
  if (method === 'POST' && (m = route.match(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
    return followUp(fake, interactionForWebhook(fake, m[1]!, decodeURIComponent(m[2]!)), body);
  }
  if (method === 'POST' && (m = route.match(/^\/channels\/(\d+)\/messages$/))) return postChannelMessage(fake, m[1]!, body, authorized);
  return fail(404, 0, `404: Not Found (the fake does not know ${method} ${route})`);
}
