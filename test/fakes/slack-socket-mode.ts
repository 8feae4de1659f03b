/**
 * Slack's Socket Mode, faked beside {@link FakeSlack}: `apps.connections.open` (app-level token only)
 * hands out a WebSocket URL on this machine; a client that connects is greeted with `hello`, and the
 * test sends it envelopes (slash commands, interactions) as Slack does. Every envelope must be
 * acknowledged with its `envelope_id` within 3 seconds; an ack's non-empty `payload` is the command's
 * answer, filed in the fake's responses like an HTTP ack's body. Problems land in `fake.violations`.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './slack-api.js';
import { type SlashCommandFields, slashCommandPayload } from './slack-signing.js';

/** Slack waits this long for an envelope's ack before it gives up on the delivery. */
const ACK_WITHIN_MS = 3_000;

interface Ack {
  envelope_id?: unknown;
  payload?: unknown;
}

export class FakeSocketMode {
  private readonly acks = new Map<string, (ack: Ack) => void>();
  private socket: WebSocket | undefined;

  private constructor(
    private readonly fake: FakeSlack,
    private readonly server: WebSocketServer,
    readonly appId: string,
  ) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => this.onMessage(String(data)));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 3600 }, connection_info: { app_id: appId } }));
    });
  }

  /** Starts the WebSocket server and lets `fake` hand out its URL. */
  static async start(fake: FakeSlack, appId = 'A0FAKEAPP1'): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=${randomBytes(8).toString('hex')}&app_id=${appId}`;
    fake.setHandler('apps.connections.open', () => ({ ok: true, url }));
    return new FakeSocketMode(fake, server, appId);
  }

  /** Whether a client is connected and greeted. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Delivers `/neuvo` as a `slash_commands` envelope; resolves true once it was acked (its answer,
   * if any, filed under `key`), false when no ack came within 3 seconds.
   */
  command(key: string, fields: SlashCommandFields): Promise<boolean> {
    return this.deliver(key, 'slash_commands', slashCommandPayload(fields), true);
  }

  /** Delivers an interaction payload (a button click, a modal submission) as an `interactive` envelope. */
  interaction(key: string, payload: Record<string, unknown>): Promise<boolean> {
    return this.deliver(key, 'interactive', payload, payload.type === 'view_submission');
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private deliver(key: string, type: string, payload: Record<string, unknown>, acceptsResponsePayload: boolean): Promise<boolean> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      this.fake.violations.push(`socket mode: ${type} for ${key} with no connected client`);
      return Promise.resolve(false);
    }
    const envelopeId = randomBytes(12).toString('hex');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(envelopeId);
        this.fake.violations.push(`socket mode: ${type} envelope for ${key} not acked within ${ACK_WITHIN_MS} ms`);
        resolve(false);
      }, ACK_WITHIN_MS);
      this.acks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        // The Node SDK acks with `payload: {}` when there is nothing to say: a plain ack.
        const empty = ack.payload === undefined || (typeof ack.payload === 'object' && ack.payload !== null && Object.keys(ack.payload).length === 0);
        if (!empty) {
          if (!acceptsResponsePayload) this.fake.violations.push(`socket mode: ack of a ${type} envelope carries a payload Slack ignores`);
          this.fake.recordAckAnswer(key, ack.payload);
        }
        resolve(true);
      });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload, retry_attempt: 0, retry_reason: '' }));
    });
  }

  private onMessage(raw: string): void {
    let ack: Ack;
    try {
      ack = JSON.parse(raw) as Ack;
    } catch {
      this.fake.violations.push(`socket mode: a message that is not JSON: ${raw.slice(0, 80)}`);
      return;
    }
    const settle = typeof ack.envelope_id === 'string' ? this.acks.get(ack.envelope_id) : undefined;
    if (!settle) {
      this.fake.violations.push(`socket mode: an ack for no envelope awaiting one: ${raw.slice(0, 120)}`);
      return;
    }
    this.acks.delete(ack.envelope_id as string);
    settle(ack);
  }
}
