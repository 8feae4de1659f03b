import { type Interaction, PermissionFlagsBits } from 'discord.js';
import type { CommandContext } from '../../src/app/ports.js';
import type { Lang } from '../../src/i18n/translator.js';

/** The workspace id of direct messages with the bot, which belong to no guild. */
export const DM_WORKSPACE = 'dm';

/** Neuvo's language for a Discord client locale (`fi`, `sv-SE`, `en-US`, …), if it speaks it. */
export function langOf(locale: string | undefined): Lang | undefined {
  const base = (locale ?? '').toLowerCase().split('-')[0];
  return base === 'fi' || base === 'sv' || base === 'en' ? base : undefined;
}

/**
 * Who runs a command and where, from an interaction: the guild is the workspace (`dm` outside
 * guilds), and members with Manage Server count as platform admins (coordinators of any network
 * there). Undefined for an interaction without a channel, which Neuvo cannot answer in.
 */
export function contextOf(interaction: Interaction): CommandContext | undefined {
  if (!interaction.channelId) return undefined;
  const workspaceId = interaction.guildId ?? DM_WORKSPACE;
  const locale = langOf(interaction.locale);
  // In a DM there is no server to manage: memberPermissions is null there.
  const isPlatformAdmin = interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false);
  return {
    actor: { platform: 'discord', workspaceId, userId: interaction.user.id, isPlatformAdmin, ...(locale ? { locale } : {}) },
    space: { platform: 'discord', workspaceId, channelId: interaction.channelId },
    // Discord redelivers an interaction with the same id: the vote idempotency key.
    requestId: `discord:${interaction.id}`,
  };
}
