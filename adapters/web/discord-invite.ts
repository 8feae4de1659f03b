/**
 * The Discord permission bits Neuvo's bot asks for, by name (Discord's "Permissions" reference; the
 * values are checked against discord.js's `PermissionFlagsBits` in the tests). Answers to commands need
 * none; posting reminders and announcements, and the negotiations' server events, need these.
 */
export const DISCORD_PERMISSIONS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ManageEvents: 1n << 33n,
  CreateEvents: 1n << 44n,
} as const;

/** The sum (bitwise or) of {@link DISCORD_PERMISSIONS}: the invite's `permissions` value. */
export const DISCORD_PERMISSION_SUM: bigint = Object.values(DISCORD_PERMISSIONS).reduce((sum, bit) => sum | bit, 0n);

/** The link a server admin opens to add the bot and its `/neuvo` command to a server. */
export function discordInviteUrl(applicationId: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.search = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: DISCORD_PERMISSION_SUM.toString() }).toString();
  return url.toString();
}
