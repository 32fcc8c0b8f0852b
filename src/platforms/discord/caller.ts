import { GuildMember, PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { Caller } from '../../chat/types.ts';

function roleIdsOf(member: BaseInteraction['member']): string[] {
  if (!member) return [];
  if (member instanceof GuildMember) return [...member.roles.cache.keys()];
  return member.roles;
}

/**
 * True when the member may run lecturer-only commands: they hold the configured lecturer role
 * (matched by id, or by name case-insensitively) or the Manage Server permission, which is also
 * what lecturer-only commands require by default on Discord.
 */
export function isLecturer(interaction: BaseInteraction, lecturerRole: string | undefined): boolean {
  const permissions = interaction.memberPermissions;
  if (permissions?.has(PermissionFlagsBits.ManageGuild) || permissions?.has(PermissionFlagsBits.Administrator)) return true;
  if (!lecturerRole) return false;
  const wanted = lecturerRole.trim().toLowerCase();
  for (const roleId of roleIdsOf(interaction.member)) {
    if (roleId === lecturerRole.trim()) return true;
    const name = interaction.guild?.roles.cache.get(roleId)?.name;
    if (name && name.toLowerCase() === wanted) return true;
  }
  return false;
}

/** The chat layer's view of who clicked or typed: user, display name, channel, guild, lecturer flag. */
export function callerFromInteraction(interaction: BaseInteraction, lecturerRole: string | undefined): Caller {
  const member = interaction.member;
  const displayName =
    member instanceof GuildMember
      ? member.displayName
      : (member?.nick ?? interaction.user.globalName ?? interaction.user.username);
  return {
    platform: 'discord',
    userId: interaction.user.id,
    displayName,
    channelId: interaction.channelId ?? `dm:${interaction.user.id}`,
    ...(interaction.guildId ? { spaceId: interaction.guildId } : {}),
    isLecturer: isLecturer(interaction, lecturerRole),
  };
}
