/**
 * Answering an interaction within Discord's 3 seconds, whatever the core takes.
 *
 * The core gets `replyWithinMs` (2 s by default) to answer; then the reply is sent directly, ephemeral
 * or public as the view says. If it is slower, the interaction is deferred, and a deferral fixes the
 * visibility of the first answer before the view is known. Neuvo defers ephemerally: a private view
 * (most slow answers are lists, and every error is private) then simply replaces "thinking…"; a
 * public view resolves "thinking…" with a short private note ({@link POSTED}) and is posted as a
 * follow-up, which Discord shows to everyone once the deferral is resolved. Deferring publicly
 * instead would show private answers and errors to the whole channel.
 */
import { type InteractionEditReplyOptions, type InteractionReplyOptions, MessageFlags, type MessagePayload, type RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { errorView, loggableCommand } from '../../src/app/neuvo.js';
import type { CommandContext } from '../../src/app/ports.js';
import { translator } from '../../src/i18n/translator.js';
import type { View } from '../../src/views/view.js';
import type { ChartSpec } from '../../src/views/chart.js';
import { drawViewCharts as viewChartPngs } from '../charts/lazy-charts.js';
import { DISCORD_FILE_LIMITS, withFiles } from './files.js';
import { type DiscordMessage, renderDiscord } from './render.js';

/** The private note left in place of "thinking…" when a slow, public answer is posted as a follow-up. */
export const POSTED = '✅';

/** How long the core may take before the interaction is deferred; leaves ~1 s of the 3 for the network. */
export const REPLY_WITHIN_MS = 2_000;

/** A rendered message: a view's, or a form's (which may hold selects). */
type Rendered = Pick<DiscordMessage, 'content' | 'embeds'> & { readonly components: readonly object[]; readonly allowed_mentions: { readonly users: readonly string[] } };

/**
 * discord.js options for a rendered message (it wants camelCase `allowedMentions`), without its
 * files: those are attached by {@link withFiles}, which keeps their content types.
 */
export function messageOptions(message: Rendered): InteractionEditReplyOptions {
  const { allowed_mentions: allowed, files: _files, ...rest } = message as Rendered & { files?: unknown };
  return { ...rest, allowedMentions: { parse: [], users: [...allowed.users] } } as InteractionEditReplyOptions;
}

/** A view rendered for an answer to `interaction`: files up to the size Discord says it takes there. */
export function renderFor(interaction: RepliableInteraction, view: View, chartPngs?: ReadonlyMap<ChartSpec, Uint8Array>): DiscordMessage {
  // The field is recent; an interaction without it gets the safe default.
  const limit = interaction.attachmentSizeLimit;
  return renderDiscord(view, { maxFileBytes: Number.isFinite(limit) && limit > 0 ? limit : DISCORD_FILE_LIMITS.defaultBytes, ...(chartPngs ? { chartPngs } : {}) });
}

/** A view as a first reply or a follow-up: ephemeral when it is private, its files attached. */
export async function replyOptions(interaction: RepliableInteraction, view: View): Promise<InteractionReplyOptions | MessagePayload> {
  const message = renderFor(interaction, view, await viewChartPngs(view));
  const base = messageOptions(message) as InteractionReplyOptions;
  // The interaction is the target discord.js itself uses for replies; follow-ups and edits build the same body.
  return withFiles(interaction, view.private ? { ...base, flags: MessageFlags.Ephemeral } : base, message.files);
}

/** A view as an edit of a message (the deferred reply, a form message), its files replacing the message's. */
export async function editOptions(interaction: RepliableInteraction, view: View): Promise<InteractionEditReplyOptions | MessagePayload> {
  const message = renderFor(interaction, view, await viewChartPngs(view));
  return withFiles(interaction, messageOptions(message), message.files);
}

/**
 * `work` that never rejects: a failure is logged (with the first word of the command line `text`) and
 * becomes the localized "something went wrong".
 */
export function guarded(work: Promise<View>, ctx: CommandContext, log: Logger, text: string): Promise<View> {
  return work.catch((err: unknown) => {
    log.error({ err, command: loggableCommand(text) }, 'discord: the core failed');
    return errorView(translator(ctx.actor.locale ?? 'en'), 'error.internal');
  });
}

/** What {@link within} resolves with when the work took too long. */
export const LATE = Symbol('late');

/** Resolves with `work`'s value, or with LATE after `ms`, whichever comes first. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends the view `work` resolves to as the interaction's answer, deferring when it takes longer than
 * `replyWithinMs`. `work` must not reject. Never rejects: a failed answer is logged.
 */
export async function answer(interaction: RepliableInteraction, work: Promise<View>, opts: { replyWithinMs?: number; log: Logger }): Promise<void> {
  let stage = 'reply';
  try {
    // The answer's charts are drawn within the same budget: a reply must start within 3 s.
    const prepared = work.then(async (view) => replyOptions(interaction, view));
    // Past the budget the answer is rendered again after the deferral; this one's failure is moot then.
    prepared.catch(() => {});
    const first = await within(prepared, opts.replyWithinMs ?? REPLY_WITHIN_MS);
    if (first !== LATE) {
      await interaction.reply(first);
      return;
    }
    stage = 'defer';
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const view = await work;
    stage = 'edit';
    await afterDeferral(interaction, view);
  } catch (err) {
    opts.log.error({ err, stage, interaction: interaction.id, user: interaction.user.id, channel: interaction.channelId }, 'discord: answering an interaction failed');
  }
}

/** Answers with `view` after an ephemeral deferReply: edits "thinking…", or posts a public view as a follow-up. */
export async function afterDeferral(interaction: RepliableInteraction, view: View): Promise<void> {
  if (view.private) {
    await interaction.editReply(await editOptions(interaction, view));
    return;
  }
  // The first message after a deferral resolves it and keeps its (ephemeral) flag; the next is public.
  await interaction.editReply({ content: POSTED, embeds: [], components: [], allowedMentions: { parse: [] } });
  await interaction.followUp(await replyOptions(interaction, view));
}
