import type { ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { Logger } from 'pino';
import { errorView, type Neuvo } from '../../src/app/neuvo.js';
import { translator } from '../../src/i18n/translator.js';
import type { View } from '../../src/views/view.js';
import { interactionToText } from './command-definitions.js';
import { contextOf } from './context.js';
import { commandOf } from './render.js';
import { answer } from './reply.js';

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
  readonly neuvo: Pick<Neuvo, 'handle'>;
  readonly log: Logger;
  /** How long the core may take before the interaction is deferred (tests make it short). */
  readonly replyWithinMs?: number;
}

/**
 * The `interactionCreate` listener: `/neuvo` and Neuvo's buttons (`neuvo:<command>`) run their command
 * as the person who used them, in the channel they used them in. Other interactions are ignored.
 * Never rejects.
 */
export function interactionHandler(deps: HandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      let text: string | undefined;
      if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) text = commandLine(interaction);
      else if (interaction.isButton()) text = commandOf(interaction.customId);
      if (text === undefined || !interaction.isRepliable()) return;
      const ctx = contextOf(interaction);
      if (!ctx) {
        deps.log.warn({ interaction: interaction.id }, 'discord: an interaction without a channel; ignored');
        return;
      }
      // neuvo.handle answers errors itself; this guard keeps `answer` from waiting on a rejection.
      const work: Promise<View> = deps.neuvo.handle(ctx, text).catch((err: unknown) => {
        deps.log.error({ err, text }, 'discord: the core failed');
        return errorView(translator(ctx.actor.locale ?? 'en'), 'error.internal');
      });
      await answer(interaction, work, { log: deps.log, ...(deps.replyWithinMs !== undefined ? { replyWithinMs: deps.replyWithinMs } : {}) });
    } catch (err) {
      deps.log.error({ err, interaction: interaction.id }, 'discord: handling an interaction failed');
    }
  };
}
