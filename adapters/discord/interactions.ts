import type { ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { Neuvo } from '../../src/app/neuvo.js';
import { interactionToText } from './command-definitions.js';
import { contextOf } from './context.js';
import { handleFormInteraction } from './form-flow.js';
import { commandOf } from './render.js';
import { answer, guarded } from './reply.js';

/** The slash command Neuvo registers. */
export const COMMAND_NAME = 'neuvo';

/**
 * The command line of a `/neuvo` interaction. A subcommand Neuvo does not know (a stale registration
 * right after an upgrade) goes to the core as its words, so the person gets the core's localized
 * "unknown command" and the help.
 */
export function commandLine(interaction: ChatInputCommandInteraction): string {
  const text = interactionToText(interaction.options.data);
  if (text !== undefined) return text;
  return [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter(Boolean).join(' ');
}

export interface HandlerDeps {
  /** Without `form`, form buttons answer that they have none (a stub core in tests). */
  readonly neuvo: Pick<Neuvo, 'handle'> & Partial<Pick<Neuvo, 'form'>>;
  readonly log: Logger;
  /** How long the core may take before the interaction is deferred (tests make it short). */
  readonly replyWithinMs?: number;
}

/**
 * The `interactionCreate` listener: `/neuvo` and Neuvo's buttons (`neuvo:<command>`) run their command
 * as the person who used them, in the channel they used them in; form buttons and their selects and
 * modals go through `form-flow.ts`. Other interactions are ignored. Never rejects.
 */
export function interactionHandler(deps: HandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (await handleFormInteraction(interaction, deps)) return;
      let text: string | undefined;
      if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) text = commandLine(interaction);
      else if (interaction.isButton()) text = commandOf(interaction.customId);
      if (text === undefined || !interaction.isRepliable()) return;
      const ctx = contextOf(interaction);
      if (!ctx) {
        deps.log.warn({ interaction: interaction.id }, 'discord: an interaction without a channel; ignored');
        return;
      }
      // neuvo.handle answers errors itself; the guard keeps `answer` from waiting on a rejection.
      const work = guarded(deps.neuvo.handle(ctx, text), ctx, deps.log, text);
      await answer(interaction, work, { log: deps.log, ...(deps.replyWithinMs !== undefined ? { replyWithinMs: deps.replyWithinMs } : {}) });
    } catch (err) {
      deps.log.error({ err, interaction: interaction.id }, 'discord: handling an interaction failed');
    }
  };
}
