/**
 * Which Slack workspaces Neuvo serves, and the refusal of requests from any other. Slack signs every
 * request to the app's URL with the app's one signing secret, whichever workspace it comes from, so a
 * correctly signed request may still come from a workspace the bot token cannot act in. Self-hosted,
 * Neuvo is installed where its token is, as auth.test says; distributed, where an installation is.
 */
import type { AnyMiddlewareArgs, Middleware, RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { View } from '../../src/views/view.js';
import { renderSlack } from './render.js';
import { ackBody } from './reply.js';

/**
 * Whether Neuvo is installed for a request's workspace (team) and Enterprise Grid organisation;
 * `botToken` is the token Bolt authorized the request with, if any.
 */
export type IsInstalled = (teamId: string | undefined, enterpriseId: string | undefined, botToken?: string) => boolean | Promise<boolean>;

/**
 * A distributed app's rule: Bolt authorized the request with the token of an installation (a
 * workspace without one is authorized without a token, see `tellNotInstalledApart`).
 */
export const installedByAuthorization: IsInstalled = (_team, _enterprise, botToken) => botToken !== undefined && botToken !== '';

/** The workspace (or, for an org-wide install, the organisation) the bot token belongs to. */
export function installedByToken(auth: Pick<webApi.AuthTestResponse, 'team_id' | 'enterprise_id' | 'is_enterprise_install'>): IsInstalled {
  // An org-wide install serves every workspace of its Enterprise Grid organisation.
  if (auth.is_enterprise_install) return (_team, enterprise) => enterprise !== undefined && enterprise === auth.enterprise_id;
  // Team ids are unique across Slack; a Grid workspace's requests must name its organisation too.
  return (team, enterprise) => team !== undefined && team === auth.team_id && (!auth.enterprise_id || !enterprise || enterprise === auth.enterprise_id);
}

/**
 * A global Bolt middleware: a request from a workspace Neuvo is not installed in reaches no listener
 * (so it changes nothing) and gets `refusal`, privately: in a command's ack, through a click's
 * response_url, or as the modal of a form submission.
 */
export function installedOnly(isInstalled: IsInstalled, refusal: View, log: Logger): Middleware<AnyMiddlewareArgs> {
  const message = ackBody(refusal)!;
  return async (args) => {
    const { context, next } = args;
    if (await isInstalled(context.teamId, context.enterpriseId, context.botToken)) return next();
    log.warn({ team: context.teamId, enterprise: context.enterpriseId }, 'slack: a request from a workspace Neuvo is not installed in; refused');
    const ack = 'ack' in args ? (args.ack as (answer?: object) => Promise<void>) : undefined;
    if ('command' in args) return ack?.(message);
    if ('view' in args) return ack?.({ response_action: 'update', view: { type: 'modal', title: { type: 'plain_text', text: 'Neuvo' }, blocks: renderSlack(refusal).blocks } });
    await ack?.();
    const respond = 'respond' in args ? (args.respond as RespondFn | undefined) : undefined;
    await respond?.({ ...message, replace_original: false }).catch((err: unknown) => log.warn({ err }, 'slack: answering a request from another workspace failed'));
  };
}
