/**
 * Form buttons on Slack: a click asks the core for the form and opens it as a modal; submitting the
 * modal runs the completed command as the person who submitted it, in the channel of the button.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { errorView, type Neuvo } from '../../src/app/neuvo.js';
import type { CommandContext } from '../../src/app/ports.js';
import { translator } from '../../src/i18n/translator.js';
import { type Form, type Mention, mentionPlain, type View } from '../../src/views/view.js';
import { completeCommand, FORM_CALLBACK_ID, formAnswer, formModal, readMetadata } from './form-modal.js';
import { FORM_ACTION_PREFIX } from './render.js';
import { reply } from './reply.js';
import type { SlackUserDirectory } from './user-directory.js';

/** Who acts and where, as the adapter builds command contexts from it. */
export interface SlackWho {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  /** Slack's id of the request (trigger_id, or the modal's view id): the vote idempotency key. */
  readonly requestId?: string;
}

/** What the form listeners need: the core, the user directory (for names) and the context builder. */
export interface FormListenerDeps {
  readonly neuvo: Pick<Neuvo, 'form' | 'handle'>;
  readonly users: SlackUserDirectory;
  /** The command context of `who`, built exactly as for slash commands. */
  readonly contextOf: (who: SlackWho) => Promise<CommandContext>;
  readonly log: Logger;
}

/**
 * A trigger_id opens a modal only within 3 s of the click. The core answers in milliseconds; the
 * option labels' users.info look-ups get what is left of this budget, then ids stand in for names.
 */
const NAMES_BUDGET_MS = 2_000;

const isView = (x: Form | View): x is View => 'blocks' in x;

/** The users the form's option labels mention. */
function mentionedIn(form: Form): string[] {
  if (form.field.kind === 'text') return [];
  return form.field.options.flatMap((o) => o.label.flatMap((p) => (typeof p !== 'string' && 'user' in p ? [p.user] : [])));
}

const nameOf =
  (names: ReadonlyMap<string, string>) =>
  (m: Mention): string =>
    'user' in m ? (names.get(m.user) ?? m.user) : mentionPlain(m);

/** Registers the form button's action and the modal's submission on `app`. */
export function registerForms(app: App, deps: FormListenerDeps): void {
  const { log } = deps;

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${FORM_ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
    const started = Date.now();
    await ack();
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
    const teamId = body.team?.id ?? body.user.team_id;
    if (action.type !== 'button' || !channelId || !teamId) {
      log.warn({ actionId: action.action_id, channelId, teamId }, 'slack: a form button outside a channel; ignored');
      return;
    }
    const to = { channelId, userId: body.user.id, respond, client, fromClick: true };
    try {
      const ctx = await deps.contextOf({ teamId, userId: body.user.id, channelId, requestId: body.trigger_id });
      const form = await deps.neuvo.form(ctx, action.value ?? '');
      // No form to show (voting not open, not on the roll, …): the core's answer, as for a command.
      if (isView(form)) return await reply(form, to, log);
      const names = await deps.users.names(teamId, mentionedIn(form), Math.max(0, NAMES_BUDGET_MS - (Date.now() - started)));
      const modal = formModal(form, { command: form.command, channel: channelId, team: teamId }, nameOf(names));
      if (!modal) return await reply(errorView(translator(ctx.actor.locale ?? 'en'), 'form.none'), to, log);
      await client.views.open({ trigger_id: body.trigger_id, view: modal });
    } catch (err) {
      // An expired trigger_id (the 3 s passed) lands here too; the person can click again.
      log.error({ err, user: body.user.id, channel: channelId, ms: Date.now() - started }, 'slack: opening a form failed');
    }
  });

  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, client }) => {
    // Closes the modal at once; the answer follows in the channel, as for a command.
    await ack();
    const meta = readMetadata(view.private_metadata);
    if (!meta) {
      log.warn({ view: view.id }, 'slack: a form submission without Neuvo’s metadata; ignored');
      return;
    }
    const userId = body.user.id;
    try {
      // The view id is the same if Slack delivers this submission again: the vote is counted once.
      const ctx = await deps.contextOf({ teamId: meta.team, userId, channelId: meta.channel, requestId: `view:${view.id}` });
      const text = completeCommand(meta.command, formAnswer(view.state.values));
      await reply(await deps.neuvo.handle(ctx, text), { channelId: meta.channel, userId, client, fromClick: false }, log);
    } catch (err) {
      log.error({ err, user: userId, channel: meta.channel }, 'slack: a form submission failed');
    }
  });
}
