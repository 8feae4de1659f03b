/**
 * Slack OAuth v2 installs with Bolt's own support (`@slack/oauth`'s InstallProvider inside the HTTP
 * receiver): `GET /slack/install` sets a signed state cookie and sends the browser to Slack's
 * authorize page; Slack sends it back to `GET /slack/oauth_redirect`, where the code is exchanged
 * (oauth.v2.access, at `SLACK_API_URL` when set), the state checked against the cookie, and the
 * installation stored. The pages shown then are the caller's (the web pages' install results).
 */
import type { HTTPReceiverOptions, webApi } from '@slack/bolt';
import manifest from './manifest.json' with { type: 'json' };
import type { FailWorkspaceJobs } from './uninstall.js';
import type { SlackInstallations } from './workspace-clients.js';

/** Where the Add to Slack flow starts and where Slack sends the browser back (see manifest.json). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** What Bolt's installer does after the redirect (`@slack/oauth`'s CallbackOptions, which Bolt does not re-export). */
export type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']>;

/** The bot scopes Neuvo asks for: the manifest's, so the two cannot drift apart. */
export const BOT_SCOPES: readonly string[] = manifest.oauth_config.scopes.bot;

/** A distributed Slack app's credentials and where its installations are kept. */
export interface SlackOAuth {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Signs the state cookie of an install (SLACK_STATE_SECRET). */
  readonly stateSecret: string;
  readonly installations: SlackInstallations;
  /** Fails a workspace's pending jobs when Neuvo is removed from it (see uninstall.ts). */
  readonly failJobs: FailWorkspaceJobs;
  /** The pages after an install (`slackInstallCallbacks` in `adapters/web/routes.ts`). */
  readonly callbackOptions: CallbackOptions;
}

/** The HTTP receiver's OAuth options. */
export function oauthReceiverOptions(oauth: SlackOAuth, clientOptions: webApi.WebClientOptions): Partial<HTTPReceiverOptions> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: oauth.installations,
    scopes: [...BOT_SCOPES],
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Our own page has the Add to Slack button: /slack/install goes straight to Slack.
      directInstall: true,
      // The state travels in a signed cookie, so a redirect opened in another browser is refused.
      stateVerification: true,
      clientOptions,
      callbackOptions: oauth.callbackOptions,
    },
  };
}
