/**
 * Form buttons on Discord. A click asks the core for the form (`Neuvo.form`) and shows it: string
 * selects for `pick` (a pick of several among more than 25 collected step by step), a step-by-step
 * ranking for `rank`, a modal for `text`. Nothing is kept between
 * interactions: each component's custom_id carries the command so far, and each ranking step asks
 * the core for the form again (so a step after voting closed gets the core's answer).
 */
import { type Interaction, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { errorView, loggableCommand, type Neuvo } from '../../src/app/neuvo.js';
import type { CommandContext } from '../../src/app/ports.js';
import { translator } from '../../src/i18n/translator.js';
import { type Form, formCommand, type View } from '../../src/views/view.js';
import { contextOf } from './context.js';
import { formIdOf } from './form-ids.js';
import { displayNames, nameOf } from './form-names.js';
import { mentionedIn, MODAL_INPUT_ID, pickMessage, reopenMessage, stepMessage, textModal } from './form-render.js';
import { type FormInteraction, type FormReply, sendForm } from './form-reply.js';
import { answer, guarded, REPLY_WITHIN_MS } from './reply.js';

/** What the form flow needs: the core, a logger, and how long the core may take before deferring. */
export interface FormFlowDeps {
  /** `form` is optional so a core without forms still runs: its form buttons then say so. */
  readonly neuvo: Pick<Neuvo, 'handle'> & Partial<Pick<Neuvo, 'form'>>;
  readonly log: Logger;
  readonly replyWithinMs?: number;
}

/** The command a form's answer completes; {@link formCommand} reads only the form's `command`. */
export function completeCommand(command: string, answerValue: readonly string[] | string): string {
  return formCommand({ title: '', submit: '', command, field: { kind: 'text', label: '', maxLength: 0 } }, answerValue);
}

const isView = (x: Form | View): x is View => 'blocks' in x;
const refusal = (ctx: CommandContext): FormReply => ({ kind: 'view', view: errorView(translator(ctx.actor.locale ?? 'en'), 'form.none') });

/** The form's next step after `chosen` (ranks only), with people's names looked up within `namesWithinMs`. */
async function formReply(form: Form, chosen: readonly string[], ctx: CommandContext, interaction: FormInteraction, namesWithinMs: number): Promise<FormReply> {
  const { field } = form;
  if (field.kind === 'text') {
    const modal = textModal(form, field);
    return modal ? { kind: 'modal', modal, fallback: reopenMessage(form) } : refusal(ctx);
  }
  const names = nameOf(await displayNames(interaction.client.users, mentionedIn(form), namesWithinMs));
  // Undefined only when a custom_id would exceed Discord's 100 characters: the person is told to type the command.
  const message = field.kind === 'pick' && chosen.length === 0 ? pickMessage(form, field, names) : stepMessage(form, field, chosen, names);
  return message ? { kind: 'message', message } : refusal(ctx);
}

/** The choices so far in `soFar` (`<form command> <values…>`; a ranking, or a pick collected in steps), or [] when they do not fit the form any more. */
function chosenOf(form: Form, soFar: string): string[] {
  if (form.field.kind === 'text' || !soFar.startsWith(`${form.command} `)) return [];
  const chosen = soFar.slice(form.command.length + 1).split(/\s+/).filter(Boolean);
  const values = new Set(form.field.options.map((o) => o.value));
  const fits = chosen.length <= form.field.max && new Set(chosen).size === chosen.length && chosen.every((v) => values.has(v));
  return fits ? chosen : [];
}

/**
 * Handles Neuvo's form components: form buttons, pick and rank selects, form modals. Resolves false
 * for any other interaction (the caller handles those). Never rejects.
 */
export async function handleFormInteraction(interaction: Interaction, deps: FormFlowDeps): Promise<boolean> {
  const id = interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit() ? formIdOf(interaction.customId) : undefined;
  if (!id) return false;
  const ctx = contextOf(interaction);
  if (!ctx) {
    deps.log.warn({ interaction: interaction.id }, 'discord: a form interaction without a channel; ignored');
    return true;
  }
  const budget = deps.replyWithinMs ?? REPLY_WITHIN_MS;
  /** Runs a completed command and answers it as any command. */
  const run = (target: RepliableInteraction, text: string) =>
    answer(target, guarded(deps.neuvo.handle(ctx, text), ctx, deps.log, text), { log: deps.log, replyWithinMs: budget });

  /** Asks the core for the form of `text` and shows its step; `inPlace` replaces the message clicked. */
  const show = (component: FormInteraction, text: string, inPlace: boolean) => {
    const started = Date.now();
    const work = (async (): Promise<FormReply> => {
      if (!deps.neuvo.form) return refusal(ctx);
      const form = await deps.neuvo.form(ctx, text);
      if (isView(form)) return { kind: 'view', view: form };
      // Names get what is left of the time before the answer would be deferred.
      return formReply(form, chosenOf(form, text), ctx, component, Math.max(0, budget - (Date.now() - started) - 100));
    })().catch((err: unknown): FormReply => {
      // `text` holds the ranking or picks chosen so far: only the command's first word is logged.
      deps.log.error({ err, command: loggableCommand(text) }, 'discord: building a form failed');
      return { kind: 'view', view: errorView(translator(ctx.actor.locale ?? 'en'), 'error.internal') };
    });
    return sendForm(component, work, { inPlace, log: deps.log, replyWithinMs: budget });
  };

  try {
    if (id.kind === 'form' && interaction.isButton()) {
      // "Start over" sits on Neuvo's own ephemeral form message, which it resets; the card's button opens a new one.
      await show(interaction, id.command, interaction.message.flags.has(MessageFlags.Ephemeral));
    } else if (id.kind === 'rank' && interaction.isStringSelectMenu()) {
      // A ranking step takes one value, a collected pick several: the select's max_values says which.
      await show(interaction, [id.command, ...interaction.values].join(' '), true);
    } else if (id.kind === 'pick' && interaction.isStringSelectMenu()) {
      await run(interaction, completeCommand(id.command, interaction.values));
    } else if (id.kind === 'modal' && interaction.isModalSubmit()) {
      await run(interaction, completeCommand(id.command, interaction.fields.getTextInputValue(MODAL_INPUT_ID)));
    } else {
      deps.log.warn({ kind: id.kind, type: interaction.type }, 'discord: a form custom_id on the wrong kind of component; ignored');
    }
  } catch (err) {
    deps.log.error({ err, interaction: interaction.id }, 'discord: handling a form interaction failed');
  }
  return true;
}
