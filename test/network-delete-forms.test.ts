/**
 * `network delete` on Slack and Discord end to end: the warning's button opens each platform's form
 * asking for the welfare area's name, and the name typed there deletes the network, announced in
 * the channel. Real Bolt and discord.js on the fakes, the real core on Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_GUILD, DISCORD_USERS, DiscordHarness, ORDINARY, readableText as discordText } from './contract/discord-driver.js';
import { readableText as slackText, SLACK_SECRET, SLACK_TEAM, SlackHarness } from './contract/slack-driver.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload } from './fakes/slack-signing.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

describe('on Slack', () => {
  const COORD = 'U0COORD001';
  const CHANNEL = 'C0DELETE01';
  let h: SlackHarness;
  beforeAll(async () => {
    h = await SlackHarness.start(rt);
    h.fake.setUser(COORD, { name: 'coord', real_name: 'Coord', locale: 'en-US' });
  });
  afterAll(async () => h?.stop());

  const run = async (text: string) => {
    const { status, key } = await h.command(COORD, text, { channel: CHANNEL });
    expect(status).toBe(200);
    return h.reply(key, CHANNEL);
  };

  it('opens a modal asking for the area’s name from the button, and deletes the network with it', async () => {
    expect(slackText(await run('setup area:Kainuu'))).toContain('Neuvo is set up');
    const warning = await run('network delete');
    expect(slackText(warning)).toContain('Delete the network of Kainuu?');
    const button = warning.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[])[0]!;
    expect([button.text.text, button.style]).toEqual(['Delete network…', 'danger']);

    const before = h.fake.calls.length;
    const { url } = h.responseUrl();
    const click = blockActionsPayload({ user: COORD, channel: CHANNEL, team: SLACK_TEAM, actionId: button.action_id, value: button.value, responseUrl: url, buttonText: button.text.text, triggerId: `${Date.now()}1.1.delete` });
    expect((await postInteraction(h.eventsUrl, SLACK_SECRET, click)).status).toBe(200);
    const open = await h.fake.waitFor((c) => c.method === 'views.open' && h.fake.calls.indexOf(c) >= before);
    const view = open.params.view as Json;
    expect(view.title.text).toBe('Delete network');
    const [input] = (view.blocks as Json[]).filter((b) => b.type === 'input');
    expect([input!.label.text, input!.element.type]).toEqual(['Type “Kainuu” to confirm', 'plain_text_input']);

    const submitted = h.fake.calls.length;
    const submit = viewSubmissionPayload({
      user: COORD,
      team: SLACK_TEAM,
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      viewId: 'V0DELETE01',
      values: { [input!.block_id]: { answer: { type: 'plain_text_input', value: 'Kainuu' } } },
    });
    expect((await postInteraction(h.eventsUrl, SLACK_SECRET, submit)).status).toBe(200);
    const announced = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL && h.fake.calls.indexOf(c) >= submitted);
    expect(String(announced.params.text)).toContain('The network of Kainuu and all its data were deleted.');
    expect(slackText(await run('status'))).toContain('This channel has no network yet.');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('on Discord', () => {
  const { coord } = DISCORD_USERS;
  const CHANNEL = '1100000000000000901';
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await DiscordHarness.start(rt);
  });
  afterAll(async () => h?.stop());

  const where = { guildId: DISCORD_GUILD, channelId: CHANNEL, user: coord, memberPermissions: ORDINARY.toString(), locale: 'en-US' as const };

  it('opens a modal asking for the area’s name from the button, and deletes the network with it', async () => {
    expect(discordText((await h.command(coord, 'setup area:Kainuu', { channelId: CHANNEL })).body)).toContain('Neuvo is set up');
    const warning = await h.command(coord, 'network delete', { channelId: CHANNEL });
    expect(warning.ephemeral).toBe(true);
    const buttons = ((warning.body.components ?? []) as Json[]).flatMap((row) => row.components as Json[]);
    expect(buttons.map((b) => [b.label, b.custom_id, b.style])).toEqual([['Delete network…', 'neuvo-form:network delete', 4]]);

    const click = h.fake.dispatchInteraction(h.fake.buttonClick({ ...where, customId: 'neuvo-form:network delete', message: warning.messageId })) as Json;
    const modal = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${String(click.id)}/`));
    expect((modal.body as Json).type).toBe(9);
    expect((modal.body as Json).data.components[0].label).toBe('Type “Kainuu” to confirm');

    const submit = h.fake.dispatchInteraction(h.fake.modalSubmit({ ...where, customId: 'neuvo-modal:network delete', fields: { answer: 'Kainuu' }, message: warning.messageId })) as Json;
    const answer = await h.answerTo(submit);
    expect(answer.ephemeral).toBe(false);
    expect(discordText(answer.body)).toBe('The network of Kainuu and all its data were deleted. /neuvo setup starts a new one here.');
    expect(discordText((await h.command(coord, 'status', { channelId: CHANNEL })).body)).toContain('This channel has no network yet.');
    expect(h.fake.violations).toEqual([]);
  });
});
