/**
 * The contract every adapter's test driver implements, so one scenario runs against the console,
 * Slack and Discord and must give the same outcome on each.
 */

/** A reply or a post as a person would read it, normalised across platforms. */
export interface Outcome {
  /** `private`: only the sender sees it (ephemeral); `public`: posted in the channel. */
  readonly visibility: 'private' | 'public';
  /** All the text, mentions written `@name` / `#channel` with the scenario's logical names. */
  readonly text: string;
  /** Buttons shown, with the command each runs (the text after `/neuvo`). */
  readonly buttons: readonly { readonly label: string; readonly command: string }[];
}

export interface AdapterDriver {
  readonly name: string;
  /**
   * Runs `/neuvo <text>` as the logical user `user` (`coord`, `alice`, `bob`, …) in the scenario's
   * channel, through the real adapter, and returns the reply. In `text`, `@name` means a mention of
   * the logical user `name`: the driver writes it as that platform would (e.g. `<@U…|name>`).
   */
  send(user: string, text: string): Promise<Outcome>;
  /** Presses the button labelled `label` on `on` (an earlier outcome) as `user`; returns the reply. */
  click(user: string, on: Outcome, label: string): Promise<Outcome>;
  /** Waits for the next post in the channel or a DM that is not a reply (reminders, announcements). */
  nextPost(timeoutMs?: number): Promise<Outcome & { readonly to: string }>;
  close(): Promise<void>;
}
