/**
 * The "Slack side" of a benchmark, run in a worker thread so it does not take the event loop of the
 * bot under test: a FakeSlack (validation off) that the bot posts to, and a load generator that sends
 * signed slash commands to Bolt the way Slack does. Driven by messages from {@link SlackSide}.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { FakeSlack } from '../../test/fakes/slack-api.js';
import type { Answer, Envelope, FakeStats, LoadResult, LoadSpec, Request } from './slack-side-protocol.js';

let fake: FakeSlack | undefined;

/** POSTs and resolves with the status and the answer's body (a command's answer may ride on the ack). */
function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; raw: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (raw += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, raw }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every sender: sign, POST, wait for the answer, repeat; until the duration or count is reached. */
async function load(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.users.length });
  const acked: string[] = [];
  const failed: string[] = [];
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const startedAt = Date.now();
  const stopAt = spec.durationMs !== undefined ? startedAt + spec.durationMs : Number.POSITIVE_INFINITY;
  const perUser = spec.perUser ?? Number.POSITIVE_INFINITY;
  const sender = async (user: string, s: number) => {
    for (let n = 0; n < perUser && Date.now() < stopAt; n++) {
      const triggerId = `${spec.triggerPrefix}.${s}.${n}`;
      // The fields and order of a real slash command (test/fakes/slack-signing.ts, the Bolt fixture).
      const body = new URLSearchParams({
        token: 'verification_token',
        team_id: spec.teamId,
        team_domain: 'bench',
        channel_id: spec.channelId,
        channel_name: 'bench',
        user_id: user,
        user_name: user.toLowerCase(),
        command: '/neuvo',
        text: spec.texts[(s + n) % spec.texts.length]!,
        enterprise_id: 'E111',
        enterprise_name: 'Org Name',
        response_url: `${spec.responseUrlBase}${triggerId}`,
        trigger_id: triggerId,
      }).toString();
      const ts = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', spec.signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': String(ts) };
      const t0 = performance.now();
      try {
        const { status, raw } = await post(agent, url, headers, body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) {
          latenciesMs.push(performance.now() - t0);
          acked.push(triggerId);
          // Slack shows an ack's body as the command's answer: count it like a response_url post.
          if (raw !== '') fake?.recordAckAnswer(triggerId, JSON.parse(raw));
        } else {
          failed.push(triggerId);
        }
      } catch (err) {
        const key = `error:${(err as NodeJS.ErrnoException).code ?? 'unknown'}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
        failed.push(triggerId);
      }
    }
  };
  await Promise.all(spec.users.map((u, s) => sender(u, s)));
  const endedAt = Date.now();
  agent.destroy();
  return { acked, failed, latenciesMs, statuses, startedAt, endedAt };
}

function stats(detail: boolean): FakeStats {
  if (!fake) throw new Error('the fake is not started');
  const calls: Record<string, number> = {};
  for (const c of fake.calls) calls[c.method] = (calls[c.method] ?? 0) + 1;
  if (!detail) return { calls, responses: fake.responses.length };
  const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
  const replyKinds: Record<string, number> = {};
  for (const r of fake.responses) {
    const text = String((r.body as { text?: unknown } | null)?.text ?? '').replace(/\d+/g, '#').slice(0, 80);
    replyKinds[text] = (replyKinds[text] ?? 0) + 1;
  }
  return {
    calls,
    responses: fake.responses.length,
    replyKinds,
    postAts: posts.map((c) => c.at),
    distinctPostTexts: new Set(posts.map((c) => JSON.stringify([c.params.channel, c.params.text, c.params.blocks]))).size,
  };
}

async function handle(req: Request): Promise<Answer> {
  switch (req.kind) {
    case 'startFake': {
      fake = await FakeSlack.start({ teamId: req.teamId, validate: false });
      return { kind: 'startFake', apiUrl: fake.apiUrl, responseUrlBase: fake.apiUrl.replace(/\/api\/$/, '/response/') };
    }
    case 'load':
      return { kind: 'load', result: await load(req.spec) };
    case 'stats':
      return { kind: 'stats', stats: stats(req.detail) };
    case 'clear':
      fake?.clear();
      return { kind: 'clear' };
    case 'close':
      await fake?.close();
      fake = undefined;
      return { kind: 'close' };
  }
}

parentPort!.on('message', (msg: Envelope<Request>) => {
  handle(msg.body!).then(
    (body) => parentPort!.postMessage({ id: msg.id, body } satisfies Envelope<Answer>),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Envelope<Answer>),
  );
});
