/**
 * The REST routes the fake Discord implements, keyed by `"METHOD /openapi/template"`. Requests reach
 * a handler only after the spec and limit checks passed; handlers add the rules that need state.
 */
import { apiMember, apiUser, snowflake } from './discord-payloads.js';
import type { FakeCall, Reply } from './discord-http.js';
import { toDiscordErrors } from './discord-spec.js';
import { isReply, MESSAGE_FLAG_EPHEMERAL, MESSAGE_FLAG_LOADING, type DiscordWorld, type InteractionState, type Json } from './discord-world.js';

/** A checked request as handlers see it. */
export interface RouteRequest {
  call: FakeCall;
  /** Path parameters by OpenAPI name, e.g. `channel_id`. */
  params: Record<string, string>;
  /** The JSON object body, or `{}`. */
  body: Json;
}

export type Handler = (req: RouteRequest) => Reply;

/** Callback types Discord accepts per interaction type (PING 1, COMMAND 2, COMPONENT 3, AUTOCOMPLETE 4, MODAL 5). */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  1: [1],
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7],
};

const ok = (json: unknown): Reply => ({ status: 200, json });
const NO_CONTENT: Reply = { status: 204 };
const where = (req: RouteRequest): string => `${req.call.method} ${req.call.path}`;

/** All implemented routes, bound to `world`. */
export function restRoutes(world: DiscordWorld, gatewayUrl: string): Map<string, Handler> {
  const routes = new Map<string, Handler>();
  const on = (method: string, template: string, handler: Handler): void => {
    routes.set(`${method} ${template}`, handler);
  };

  on('GET', '/gateway', () => ok({ url: gatewayUrl }));
  on('GET', '/gateway/bot', () =>
    ok({ url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }),
  );

  on('POST', '/interactions/{interaction_id}/{interaction_token}/callback', (req) => interactionCallback(world, req));
  webhookRoutes(world, on);
  channelMessageRoutes(world, on);

  on('POST', '/users/@me/channels', (req) => {
    const recipientId = String(req.body.recipient_id);
    let channelId = world.dmChannels.get(recipientId);
    if (!channelId) {
      channelId = snowflake();
      world.dmChannels.set(recipientId, channelId);
    }
    return ok({ id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(world.userFor(recipientId))] });
  });
  on('GET', '/users/@me', () => ok({ ...apiUser(world.botUser), verified: true, mfa_enabled: false }));
  on('GET', '/users/{user_id}', (req) => ok(apiUser(world.userFor(req.params.user_id ?? ''))));
  on('GET', '/guilds/{guild_id}/members/{user_id}', (req) => ok(apiMember(world.userFor(req.params.user_id ?? ''))));

  commandRoutes(world, on);
  scheduledEventRoutes(world, on);
  return routes;
}

type On = (method: string, template: string, handler: Handler) => void;

/** The first response to an interaction: Discord's rules on deadline, repetition and callback types. */
function interactionCallback(world: DiscordWorld, req: RouteRequest): Reply {
  const { interaction_id: id, interaction_token: token } = req.params;
  const state = world.interactions.get(token ?? '');
  if (!state || state.id !== id) return world.reject(404, 10062, 'Unknown interaction', `${where(req)}: no interaction with this id and token was dispatched`);
  if (state.responseType !== undefined) {
    return world.reject(400, 40060, 'Interaction has already been acknowledged.', `${where(req)}: second response (first was type ${state.responseType})`);
  }
  // Arrival time, not now: the fake's own schema compiling must not count against the bot.
  const elapsed = req.call.at - state.dispatchedAt;
  if (elapsed > world.deadlineMs) {
    return world.reject(404, 10062, 'Unknown interaction', `${where(req)}: first response ${elapsed} ms after dispatch (Discord allows ${world.deadlineMs} ms)`);
  }
  const type = Number(req.body.type);
  const fromMessage = state.sourceMessageId !== undefined;
  // A modal submit can update a message only when the modal was opened from a component on it.
  const allowed = (ALLOWED_CALLBACKS[state.type] ?? []).filter((t) => state.type !== 5 || (t !== 6 && t !== 7) || fromMessage);
  if (!allowed.includes(type)) {
    world.violation(`${where(req)}: callback type ${type} is not valid for interaction type ${state.type} (allowed: ${allowed.join(', ')})`);
    const errors = toDiscordErrors([{ path: '/type', code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Invalid interaction response type for this interaction.' }]);
    return { status: 400, json: { message: 'Invalid Form Body', code: 50035, errors } };
  }

  const data = typeof req.body.data === 'object' && req.body.data !== null ? (req.body.data as Json) : {};
  let resource: Json | undefined;
  if (type === 4 || type === 5) {
    // A deferral shows "thinking…": an empty message flagged LOADING until the first edit.
    const deferredFlags = (Number(data.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING;
    const message = world.createMessage(String(state.payload.channel_id), type === 4 ? data : {}, type === 4 ? req.call.files : [], {
      ...world.interactionFields(state),
      type: state.type === 2 ? 20 : 0, // CHAT_INPUT_COMMAND for command responses
      flags: type === 5 ? deferredFlags : 0,
    });
    state.originalId = String(message.id);
    if (type === 4) resource = { type, message };
  } else if (type === 6 || type === 7) {
    // Component responses make the clicked message the interaction's @original.
    state.originalId = state.sourceMessageId;
    const source = state.sourceMessageId ? world.messages.get(state.sourceMessageId) : undefined;
    if (type === 7 && source) resource = { type, message: world.editMessage(source, data, req.call.files) };
  }
  state.responseType = type;
  if (req.call.query.with_response !== 'true') return NO_CONTENT;
  return ok(callbackResponse(world, state, resource));
}

/** `?with_response=true`: an InteractionCallbackResponse. */
function callbackResponse(world: DiscordWorld, state: InteractionState, resource: Json | undefined): Json {
  const original = state.originalId ? world.messages.get(state.originalId) : undefined;
  const flags = Number(original?.flags ?? 0);
  return {
    interaction: {
      id: state.id,
      type: state.type,
      activity_instance_id: null,
      ...(original
        ? {
            response_message_id: original.id,
            response_message_loading: (flags & MESSAGE_FLAG_LOADING) !== 0,
            response_message_ephemeral: (flags & MESSAGE_FLAG_EPHEMERAL) !== 0,
          }
        : {}),
    },
    ...(resource ? { resource } : {}),
  };
}

/** `@original` and follow-ups, addressed by application id + interaction token. */
function webhookRoutes(world: DiscordWorld, on: On): void {
  const original = '/webhooks/{webhook_id}/{webhook_token}/messages/@original';
  const followUp = '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}';
  for (const template of [original, followUp]) {
    const target = (req: RouteRequest): Json | Reply => {
      const state = world.interactionWebhook(req.call, req.params);
      if (isReply(state)) return state;
      return world.webhookMessage(req.call, state, template === original ? undefined : req.params.message_id);
    };
    on('GET', template, (req) => {
      const m = target(req);
      return isReply(m) ? m : ok(m);
    });
    on('PATCH', template, (req) => {
      const m = target(req);
      return isReply(m) ? m : ok(world.editMessage(m, req.body, req.call.files));
    });
    on('DELETE', template, (req) => {
      const m = target(req);
      if (isReply(m)) return m;
      world.messages.delete(String(m.id));
      return NO_CONTENT;
    });
  }
  on('POST', '/webhooks/{webhook_id}/{webhook_token}', (req) => {
    const state = world.interactionWebhook(req.call, req.params);
    if (isReply(state)) return state;
    if (state.responseType === undefined) {
      return world.reject(404, 10015, 'Unknown Webhook', `${where(req)}: follow-up before the interaction got its first response`);
    }
    const message = world.createMessage(String(state.payload.channel_id), req.body, req.call.files, world.interactionFields(state));
    state.followUps.add(String(message.id));
    return ok(message);
  });
}

function channelMessageRoutes(world: DiscordWorld, on: On): void {
  on('POST', '/channels/{channel_id}/messages', (req) => ok(world.createMessage(req.params.channel_id ?? '', req.body, req.call.files)));
  const find = (req: RouteRequest): Json | Reply => {
    const message = world.messages.get(req.params.message_id ?? '');
    if (!message || message.channel_id !== req.params.channel_id) {
      return world.reject(404, 10008, 'Unknown Message', `${where(req)}: no such message in that channel`);
    }
    return message;
  };
  const one = '/channels/{channel_id}/messages/{message_id}';
  on('GET', one, (req) => {
    const m = find(req);
    return isReply(m) ? m : ok(m);
  });
  on('PATCH', one, (req) => {
    const m = find(req);
    if (isReply(m)) return m;
    if ((m.author as Json | undefined)?.id !== world.botUser.id) {
      return world.reject(403, 50005, 'Cannot edit a message authored by another user', `${where(req)}: message not authored by the bot`);
    }
    return ok(world.editMessage(m, req.body, req.call.files));
  });
  on('DELETE', one, (req) => {
    const m = find(req);
    if (isReply(m)) return m;
    world.messages.delete(String(m.id));
    return NO_CONTENT;
  });
}

/** Bulk overwrite keeps the id of a command with the same name and type, as Discord does. */
function commandRoutes(world: DiscordWorld, on: On): void {
  const owned = (req: RouteRequest): Reply | undefined =>
    req.params.application_id === world.applicationId
      ? undefined
      : world.reject(403, 50001, 'Missing Access', `${where(req)}: application id is not ${world.applicationId}`);
  const overwrite = (existing: Json[], body: unknown, guildId?: string): Json[] => {
    const next = (Array.isArray(body) ? body : []).map((command: Json) => {
      const previous = existing.find((c) => c.name === command.name && c.type === (command.type ?? 1));
      return world.commandObject(command, previous?.id as string | undefined, guildId);
    });
    existing.splice(0, existing.length, ...next);
    return next;
  };
  on('PUT', '/applications/{application_id}/commands', (req) => owned(req) ?? ok(overwrite(world.globalCommands, req.call.body)));
  on('GET', '/applications/{application_id}/commands', (req) => owned(req) ?? ok(world.globalCommands));
  on('PUT', '/applications/{application_id}/guilds/{guild_id}/commands', (req) => {
    const guildId = req.params.guild_id ?? '';
    return owned(req) ?? ok(overwrite(world.guildCommandList(guildId), req.call.body, guildId));
  });
  on('GET', '/applications/{application_id}/guilds/{guild_id}/commands', (req) => owned(req) ?? ok(world.guildCommandList(req.params.guild_id ?? '')));
}

function scheduledEventRoutes(world: DiscordWorld, on: On): void {
  const list = '/guilds/{guild_id}/scheduled-events';
  const one = '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}';
  const inGuild = (guildId: string) => [...world.events.values()].filter((e) => e.guild_id === guildId);
  on('GET', list, (req) => ok(inGuild(req.params.guild_id ?? '')));
  on('POST', list, (req) => {
    const guildId = req.params.guild_id ?? '';
    const pending = inGuild(guildId).filter((e) => e.status === 1 || e.status === 2);
    if (pending.length >= 100) {
      return world.reject(400, 30038, 'Maximum number of guild scheduled events reached (100)', `${where(req)}: 100 scheduled or active events already`);
    }
    const event = world.scheduledEvent(guildId, req.body);
    world.events.set(String(event.id), event);
    return ok(event);
  });
  const find = (req: RouteRequest): Json | Reply => {
    const event = world.events.get(req.params.guild_scheduled_event_id ?? '');
    if (!event || event.guild_id !== req.params.guild_id) {
      return world.reject(404, 10070, 'Unknown Guild Scheduled Event', `${where(req)}: no such event in that guild`);
    }
    return event;
  };
  on('GET', one, (req) => {
    const e = find(req);
    return isReply(e) ? e : ok(e);
  });
  on('PATCH', one, (req) => {
    const e = find(req);
    if (isReply(e)) return e;
    // SCHEDULED(1) → ACTIVE(2) | CANCELED(4); ACTIVE(2) → COMPLETED(3); nothing else.
    const transitions: Record<number, number[]> = { 1: [1, 2, 4], 2: [2, 3] };
    const status = req.body.status;
    if (status !== undefined && !(transitions[Number(e.status)] ?? []).includes(Number(status))) {
      return world.reject(400, 50035, 'Invalid Form Body', `${where(req)}: status ${String(e.status)} → ${String(status)} is not allowed`);
    }
    const editable = ['name', 'description', 'channel_id', 'scheduled_start_time', 'scheduled_end_time', 'privacy_level', 'entity_type', 'entity_metadata', 'status', 'recurrence_rule'];
    for (const key of editable) if (key in req.body) e[key] = req.body[key];
    return ok(e);
  });
  on('DELETE', one, (req) => {
    const e = find(req);
    if (isReply(e)) return e;
    world.events.delete(String(e.id));
    return NO_CONTENT;
  });
}
