/**
 * The gateway half of the fake Discord: just enough of Discord's WebSocket protocol for the real
 * discord.js client (HELLO, heartbeat ACKs, IDENTIFY → READY, RESUME → RESUMED, dispatches).
 * Frames are plain JSON text: without the optional `zlib-sync` package discord.js asks for none.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes we speak (a subset of discord-api-types' GatewayOpcodes). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** A frame a client sent, as recorded for assertions. */
export interface GatewayFrame {
  op: number;
  d: unknown;
  at: number;
}

/** Builds the READY payload for an IDENTIFY (the caller knows the bot and application). */
export type ReadyBuilder = (identify: Record<string, unknown>, sessionId: string) => Record<string, unknown>;

/** Discord's real interval; the client jitters its first beat within it, so it never fires in short tests. */
const HEARTBEAT_INTERVAL_MS = 41_250;

class Session {
  seq = 0;
  identified = false;
  sessionId = '';
  constructor(readonly socket: WebSocket) {}

  send(op: number, d: unknown, t: string | null = null): void {
    const s = op === Op.Dispatch ? ++this.seq : null;
    this.socket.send(JSON.stringify({ op, d, s, t }));
  }
}

/** Speaks the gateway protocol on the HTTP server's upgrade requests. */
export class FakeGateway {
  /** Every frame any client sent, oldest first. */
  readonly received: GatewayFrame[] = [];
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<Session>();
  /** Sessions by id, kept after disconnect so a RESUME can find them. */
  private readonly known = new Map<string, Session>();

  constructor(server: Server, private readonly buildReady: ReadyBuilder, private readonly onProblem: (message: string) => void) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, request) => this.accept(socket, request.url ?? '/'));
  }

  /** Number of sessions that completed IDENTIFY (or RESUME) and are still connected. */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Sends a dispatch (op 0) to every identified session; returns how many received it. */
  dispatch(event: string, data: unknown): number {
    let sent = 0;
    for (const session of this.sessions) {
      if (!session.identified) continue;
      session.send(Op.Dispatch, data, event);
      sent++;
    }
    return sent;
  }

  /** Sends a raw opcode to every session (e.g. op 7 RECONNECT to exercise resuming). */
  sendOp(op: number, d: unknown = null): void {
    for (const session of this.sessions) session.send(op, d);
  }

  /**
   * Closes every connection. 4004 (authentication failed) is one of the codes after which
   * @discordjs/ws does not reconnect, so a client a test forgot to destroy cannot keep the
   * process alive by retrying against a closed port.
   */
  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.close(4004, 'fake Discord shutting down');
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, url: string): void {
    const query = new URL(url, 'ws://localhost').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      this.onProblem(`gateway: expected ?v=10&encoding=json, got ${url}`);
      socket.close(4012, 'Invalid API version');
      return;
    }
    if (query.has('compress')) {
      // We only speak uncompressed JSON; discord.js asks for zlib-stream only if zlib-sync is installed.
      this.onProblem(`gateway: transport compression requested (${url}), which the fake does not support`);
    }
    const session = new Session(socket);
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw, isBinary) => this.receive(session, raw.toString(), isBinary));
    session.send(Op.Hello, { heartbeat_interval: HEARTBEAT_INTERVAL_MS, _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  private receive(session: Session, text: string, isBinary: boolean): void {
    let frame: { op?: unknown; d?: unknown };
    try {
      frame = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      this.onProblem(`gateway: undecodable ${isBinary ? 'binary' : 'text'} frame`);
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof frame.op === 'number' ? frame.op : -1;
    this.received.push({ op, d: frame.d, at: Date.now() });
    switch (op) {
      case Op.Heartbeat:
        session.send(Op.HeartbeatAck, null);
        return;
      case Op.Identify:
        this.identify(session, frame.d);
        return;
      case Op.Resume:
        this.resume(session, frame.d);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!session.identified) session.socket.close(4003, 'Not authenticated.');
        return;
      default:
        this.onProblem(`gateway: unknown opcode ${String(frame.op)}`);
        session.socket.close(4001, 'Unknown opcode.');
    }
  }

  private identify(session: Session, d: unknown): void {
    if (session.identified) {
      this.onProblem('gateway: IDENTIFY sent twice on one connection');
      session.socket.close(4005, 'Already authenticated.');
      return;
    }
    const identify = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (typeof identify.token !== 'string' || identify.token === '') {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    if (typeof identify.intents !== 'number') {
      this.onProblem('gateway: IDENTIFY without numeric intents');
      session.socket.close(4013, 'Invalid intent(s).');
      return;
    }
    session.identified = true;
    session.sessionId = randomBytes(16).toString('hex');
    this.known.set(session.sessionId, session);
    session.send(Op.Dispatch, this.buildReady(identify, session.sessionId), 'READY');
  }

  private resume(session: Session, d: unknown): void {
    const resume = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    const previous = typeof resume.session_id === 'string' ? this.known.get(resume.session_id) : undefined;
    if (!previous) {
      session.send(Op.InvalidSession, false);
      return;
    }
    // Nothing is buffered while disconnected, so there is nothing to replay; continue the sequence.
    session.identified = true;
    session.sessionId = previous.sessionId;
    session.seq = previous.seq;
    this.known.set(session.sessionId, session);
    session.send(Op.Dispatch, {}, 'RESUMED');
  }
}
