/**
 * Sending a form step within Discord's 3 seconds: a new ephemeral message, an update of the form
 * message it came from, a modal, or the core's view instead (an error such as "voting has closed").
 */
import { type APIModalInteractionResponseCallbackData, type ButtonInteraction, MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { View } from '../../src/views/view.js';
import type { FormMessage } from './form-render.js';
import { afterDeferral, editOptions, LATE, messageOptions, REPLY_WITHIN_MS, replyOptions, within } from './reply.js';

/** What a form interaction answers with. */
export type FormReply =
  | { readonly kind: 'view'; readonly view: View }
  | { readonly kind: 'message'; readonly message: FormMessage }
  /** `fallback`: what to show if the modal cannot be (a deferred interaction cannot open one). */
  | { readonly kind: 'modal'; readonly modal: APIModalInteractionResponseCallbackData; readonly fallback: FormMessage };

/** The components a form step answers: its buttons and its selects. */
export type FormInteraction = ButtonInteraction | StringSelectMenuInteraction;

export interface SendOptions {
  /** The interaction came from one of Neuvo's ephemeral form messages: the step replaces it. */
  readonly inPlace: boolean;
  readonly replyWithinMs?: number;
  readonly log: Logger;
}

/** The first (and only) response, when `reply` was ready in time. */
async function direct(interaction: FormInteraction, reply: FormReply, inPlace: boolean): Promise<void> {
  switch (reply.kind) {
    case 'view':
      // A private view (the usual error) takes the form's place; anything else is answered as for a command.
      if (inPlace && reply.view.private) await interaction.update(await editOptions(interaction, reply.view));
      else await interaction.reply(await replyOptions(interaction, reply.view));
      return;
    case 'message':
      if (inPlace) await interaction.update(messageOptions(reply.message));
      else await interaction.reply({ ...messageOptions(reply.message), flags: MessageFlags.Ephemeral } as Parameters<typeof interaction.reply>[0]);
      return;
    case 'modal':
      await interaction.showModal(reply.modal);
      return;
  }
}

/** Edits what the deferral left (the form message, or "thinking…") into `reply`. */
async function deferred(interaction: FormInteraction, reply: FormReply, inPlace: boolean): Promise<void> {
  if (reply.kind === 'view') {
    if (!inPlace) return afterDeferral(interaction, reply.view);
    if (reply.view.private) await interaction.editReply(await editOptions(interaction, reply.view));
    else await interaction.followUp(await replyOptions(interaction, reply.view));
    return;
  }
  await interaction.editReply(messageOptions(reply.kind === 'message' ? reply.message : reply.fallback));
}

/**
 * Sends the reply `work` resolves to; `work` must not reject. When it takes longer than
 * `replyWithinMs` the interaction is deferred first: in place (deferUpdate) or ephemerally. Never
 * rejects: a failure is logged.
 */
export async function sendForm(interaction: FormInteraction, work: Promise<FormReply>, opts: SendOptions): Promise<void> {
  let stage = 'reply';
  try {
    const first = await within(work, opts.replyWithinMs ?? REPLY_WITHIN_MS);
    if (first !== LATE) return await direct(interaction, first, opts.inPlace);
    stage = 'defer';
    if (opts.inPlace) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await work;
    stage = 'edit';
    await deferred(interaction, reply, opts.inPlace);
  } catch (err) {
    opts.log.error({ err, stage, interaction: interaction.id, user: interaction.user.id, channel: interaction.channelId }, 'discord: answering a form interaction failed');
  }
}
