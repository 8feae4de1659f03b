/**
 * Limits Discord enforces that its OpenAPI spec does not (fully) express — see the Discord section of
 * PLATFORM-FACTS.md. The spec, for instance, allows 40 top-level components because Components V2
 * does, but a classic message still takes at most 5 action rows.
 */
import type { Problem } from './discord-spec.js';

/** MessageFlags.IsComponentsV2 (1 << 15): top level may hold any layout component, 40 in all. */
export const IS_COMPONENTS_V2 = 1 << 15;

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Discord counts characters, not UTF-16 units; code points are the closest cheap measure. */
const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);

class Collector {
  readonly problems: Problem[] = [];
  add(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message });
  }
  max(path: string, value: unknown, limit: number): void {
    if (len(value) > limit) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${limit} or fewer in length (got ${len(value)}).`);
  }
  range(path: string, value: unknown, min: number, limit: number): void {
    if (typeof value !== 'string') return;
    if (len(value) < min || len(value) > limit) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${limit} in length (got ${len(value)}).`);
    }
  }
  count(path: string, items: unknown[], limit: number, what: string): void {
    if (items.length > limit) this.add(path, 'BASE_TYPE_MAX_LENGTH', `At most ${limit} ${what} (got ${items.length}).`);
  }
}

/** What kind of message write is being checked; creates may not be empty, edits may. */
export interface MessageCheckOptions {
  create: boolean;
  /** Files uploaded with the request (multipart), which make a message non-empty. */
  fileCount?: number;
}

/** Content, embeds and components of a message create/edit body (or interaction callback `data`). */
export function messageProblems(message: unknown, base: string, options: MessageCheckOptions): Problem[] {
  const c = new Collector();
  if (!isObject(message)) return c.problems;
  c.max(`${base}/content`, message.content, 2000);
  checkEmbeds(c, asArray(message.embeds), `${base}/embeds`);
  const flags = typeof message.flags === 'number' ? message.flags : 0;
  checkMessageComponents(c, asArray(message.components), `${base}/components`, (flags & IS_COMPONENTS_V2) !== 0);
  if (options.create) {
    // Whitespace-only content counts as empty; a non-string is a type error the schema reports.
    const hasContent = message.content != null && !(typeof message.content === 'string' && message.content.trim() === '');
    const nonEmpty =
      hasContent ||
      asArray(message.embeds).length > 0 ||
      asArray(message.components).length > 0 ||
      asArray(message.sticker_ids).length > 0 ||
      isObject(message.poll) ||
      (options.fileCount ?? 0) > 0;
    if (!nonEmpty) c.add(base, 'MESSAGE_EMPTY', 'Cannot send an empty message (Discord code 50006).');
  }
  return c.problems;
}

function checkEmbeds(c: Collector, embeds: unknown[], base: string): void {
  c.count(base, embeds, 10, 'embeds per message');
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    const at = `${base}/${i}`;
    c.max(`${at}/title`, embed.title, 256);
    c.max(`${at}/description`, embed.description, 4096);
    const fields = asArray(embed.fields);
    c.count(`${at}/fields`, fields, 25, 'fields per embed');
    total += len(embed.title) + len(embed.description);
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      c.range(`${at}/fields/${j}/name`, field.name, 1, 256);
      c.range(`${at}/fields/${j}/value`, field.value, 1, 1024);
      total += len(field.name) + len(field.value);
    });
    if (isObject(embed.footer)) {
      c.max(`${at}/footer/text`, embed.footer.text, 2048);
      total += len(embed.footer.text);
    }
    if (isObject(embed.author)) {
      c.max(`${at}/author/name`, embed.author.name, 256);
      total += len(embed.author.name);
    }
  });
  if (total > 6000) c.add(base, 'MAX_EMBED_SIZE_EXCEEDED', `Embeds may hold 6000 characters in all (got ${total}).`);
}

function checkMessageComponents(c: Collector, components: unknown[], base: string, v2: boolean): void {
  const customIds = new Map<string, string>();
  if (v2) {
    const total = countComponents(components);
    if (total > 40) c.add(base, 'BASE_TYPE_MAX_LENGTH', `Components V2 messages hold at most 40 components (got ${total}).`);
  } else {
    c.count(base, components, 5, 'action rows per message');
  }
  components.forEach((component, i) => {
    if (!isObject(component)) return;
    const at = `${base}/${i}`;
    if (!v2 && component.type !== 1) {
      c.add(`${at}/type`, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Top-level components must be action rows (type 1) unless the IS_COMPONENTS_V2 flag is set.');
    }
    checkComponent(c, component, at, customIds);
  });
}

function countComponents(components: unknown[]): number {
  let n = 0;
  for (const component of components) {
    if (!isObject(component)) continue;
    n += 1 + countComponents(asArray(component.components));
    if (isObject(component.accessory)) n += 1;
    if (isObject(component.component)) n += 1;
  }
  return n;
}

function checkCustomId(c: Collector, component: Json, at: string, seen: Map<string, string>): void {
  if (component.custom_id === undefined || component.custom_id === null) return;
  c.range(`${at}/custom_id`, component.custom_id, 1, 100);
  const id = String(component.custom_id);
  const previous = seen.get(id);
  if (previous) c.add(`${at}/custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', `custom_id "${id}" is already used at ${previous}.`);
  else seen.set(id, at);
}

function checkComponent(c: Collector, component: Json, at: string, seen: Map<string, string>): void {
  switch (component.type) {
    case 1: {
      const children = asArray(component.components);
      if (children.length === 0) c.add(`${at}/components`, 'BASE_TYPE_MIN_LENGTH', 'An action row needs at least one component.');
      c.count(`${at}/components`, children, 5, 'buttons per action row');
      const selects = children.filter((child) => isObject(child) && SELECT_TYPES.has(child.type as number));
      if (selects.length > 0 && children.length > 1) {
        c.add(`${at}/components`, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'A select menu must be alone in its action row.');
      }
      children.forEach((child, j) => isObject(child) && checkComponent(c, child, `${at}/components/${j}`, seen));
      return;
    }
    case 2: {
      c.max(`${at}/label`, component.label, 80);
      const style = component.style;
      if (style === 5) {
        if (typeof component.url !== 'string') c.add(`${at}/url`, 'BASE_TYPE_REQUIRED', 'Link buttons need a url.');
        if (component.custom_id != null) c.add(`${at}/custom_id`, 'COMPONENT_INVALID', 'Link buttons cannot have a custom_id.');
      } else if (style !== 6 && (component.custom_id === undefined || component.custom_id === null)) {
        c.add(`${at}/custom_id`, 'BASE_TYPE_REQUIRED', 'Buttons other than link and premium buttons need a custom_id.');
      }
      checkCustomId(c, component, at, seen);
      return;
    }
    case 3:
    case 5:
    case 6:
    case 7:
    case 8: {
      checkCustomId(c, component, at, seen);
      if (component.custom_id == null) c.add(`${at}/custom_id`, 'BASE_TYPE_REQUIRED', 'Select menus need a custom_id.');
      c.max(`${at}/placeholder`, component.placeholder, 150);
      if (typeof component.max_values === 'number' && component.max_values > 25) c.add(`${at}/max_values`, 'NUMBER_TYPE_MAX', 'max_values must be 25 or less.');
      if (component.type === 3) {
        const options = asArray(component.options);
        if (options.length === 0) c.add(`${at}/options`, 'BASE_TYPE_MIN_LENGTH', 'A string select needs at least one option.');
        c.count(`${at}/options`, options, 25, 'options per select menu');
        options.forEach((option, k) => {
          if (!isObject(option)) return;
          c.range(`${at}/options/${k}/label`, option.label, 1, 100);
          c.range(`${at}/options/${k}/value`, option.value, 1, 100);
          c.max(`${at}/options/${k}/description`, option.description, 100);
        });
      }
      return;
    }
    case 4: {
      // Text inputs only belong in modals; checked by modalProblems.
      return;
    }
    default: {
      // Components V2 layout: recurse into children, a section's accessory, a label's component.
      asArray(component.components).forEach((child, j) => isObject(child) && checkComponent(c, child, `${at}/components/${j}`, seen));
      if (isObject(component.accessory)) checkComponent(c, component.accessory, `${at}/accessory`, seen);
      if (isObject(component.component)) checkComponent(c, component.component, `${at}/component`, seen);
    }
  }
}

/** A modal (interaction callback type 9 `data`): title 45, 1–5 top-level components, text inputs. */
export function modalProblems(modal: unknown, base: string): Problem[] {
  const c = new Collector();
  if (!isObject(modal)) return c.problems;
  c.range(`${base}/title`, modal.title, 1, 45);
  c.range(`${base}/custom_id`, modal.custom_id, 1, 100);
  const components = asArray(modal.components);
  if (components.length < 1 || components.length > 5) {
    c.add(`${base}/components`, 'BASE_TYPE_BAD_LENGTH', `A modal holds 1–5 top-level components (got ${components.length}).`);
  }
  const seen = new Map<string, string>();
  const checkInput = (input: Json, at: string, labelled: boolean): void => {
    checkCustomId(c, input, at, seen);
    if (input.type === 4) {
      if (!labelled) c.max(`${at}/label`, input.label, 45);
      c.max(`${at}/value`, input.value, 4000);
      c.max(`${at}/placeholder`, input.placeholder, 100);
    }
  };
  components.forEach((component, i) => {
    if (!isObject(component)) return;
    const at = `${base}/components/${i}`;
    if (component.type === 1) {
      const children = asArray(component.components);
      if (children.length !== 1) c.add(`${at}/components`, 'BASE_TYPE_BAD_LENGTH', 'A modal action row holds exactly one text input.');
      children.forEach((child, j) => isObject(child) && checkInput(child, `${at}/components/${j}`, false));
    } else if (component.type === 18) {
      c.range(`${at}/label`, component.label, 1, 45);
      c.max(`${at}/description`, component.description, 100);
      if (isObject(component.component)) checkInput(component.component, `${at}/component`, true);
    }
  });
  return c.problems;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** A bulk overwrite of application commands: names, descriptions, nesting, counts. */
export function commandProblems(commands: unknown, base = ''): Problem[] {
  const c = new Collector();
  const list = asArray(commands);
  const names = new Set<string>();
  list.forEach((command, i) => {
    if (!isObject(command)) return;
    const at = `${base}/${i}`;
    const type = command.type ?? 1;
    const key = `${String(type)}:${String(command.name)}`;
    if (names.has(key)) c.add(`${at}/name`, 'APPLICATION_COMMAND_NAME_ALREADY_EXISTS', `Application command names must be unique ("${String(command.name)}").`);
    names.add(key);
    if (type === 1) {
      checkChatInputName(c, command.name, `${at}/name`);
      c.range(`${at}/description`, command.description, 1, 100);
      if (typeof command.description !== 'string') c.add(`${at}/description`, 'BASE_TYPE_REQUIRED', 'Slash commands need a description.');
      const total = checkOptions(c, asArray(command.options), `${at}/options`, 0);
      const size = len(command.name) + len(command.description) + total;
      if (size > 4000) c.add(at, 'APPLICATION_COMMAND_TOO_LARGE', `A command's names, descriptions and choices may total 4000 characters (got ${size}).`);
    }
  });
  return c.problems;
}

function checkChatInputName(c: Collector, name: unknown, at: string): void {
  if (typeof name !== 'string') return;
  if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    c.add(at, 'APPLICATION_COMMAND_INVALID_NAME', `"${name}" is not a valid slash command name (lower case, 1–32, no spaces).`);
  }
}

/** Returns the character count of names, descriptions and choices, for the 4000 limit. */
function checkOptions(c: Collector, options: unknown[], at: string, depth: number): number {
  c.count(at, options, 25, 'options (or subcommands) per level');
  let total = 0;
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const here = `${at}/${i}`;
    checkChatInputName(c, option.name, `${here}/name`);
    c.range(`${here}/description`, option.description, 1, 100);
    if (names.has(String(option.name))) c.add(`${here}/name`, 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', `Duplicate option name "${String(option.name)}".`);
    names.add(String(option.name));
    total += len(option.name) + len(option.description);
    const type = option.type;
    if (type === 1 || type === 2) {
      if ((type === 2 && depth > 0) || (type === 1 && depth > 1)) {
        c.add(`${here}/type`, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommand groups nest only at the top level, subcommands at most one level down.');
      }
      const children = asArray(option.options);
      if (type === 2 && children.some((child) => isObject(child) && child.type !== 1)) {
        c.add(`${here}/options`, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'A subcommand group may contain only subcommands.');
      }
      total += checkOptions(c, children, `${here}/options`, depth + 1);
      return;
    }
    if (option.required === true && seenOptional) {
      c.add(`${here}/required`, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options.');
    }
    if (option.required !== true) seenOptional = true;
    const choices = asArray(option.choices);
    c.count(`${here}/choices`, choices, 25, 'choices per option');
    choices.forEach((choice) => {
      if (isObject(choice)) total += len(choice.name) + len(typeof choice.value === 'string' ? choice.value : String(choice.value));
    });
  });
  return total;
}

/** Guild scheduled event create/edit: the external-event rules from PLATFORM-FACTS. */
export function scheduledEventProblems(body: unknown, options: { create: boolean; now?: number }): Problem[] {
  const c = new Collector();
  if (!isObject(body)) return c.problems;
  if (body.name !== undefined) c.range('/name', body.name, 1, 100);
  if (body.entity_type === 3) {
    const metadata = isObject(body.entity_metadata) ? body.entity_metadata : undefined;
    if (options.create || body.entity_metadata !== undefined) {
      if (!metadata || typeof metadata.location !== 'string') c.add('/entity_metadata/location', 'BASE_TYPE_REQUIRED', 'External events need entity_metadata.location.');
      else c.range('/entity_metadata/location', metadata.location, 1, 100);
    }
    if (options.create && (body.scheduled_end_time === undefined || body.scheduled_end_time === null)) {
      c.add('/scheduled_end_time', 'BASE_TYPE_REQUIRED', 'External events need scheduled_end_time.');
    }
    if (body.channel_id !== undefined && body.channel_id !== null) {
      c.add('/channel_id', 'GUILD_SCHEDULED_EVENT_INVALID', 'External events must not have a channel_id.');
    }
  } else if (options.create && (body.entity_type === 1 || body.entity_type === 2) && typeof body.channel_id !== 'string') {
    c.add('/channel_id', 'BASE_TYPE_REQUIRED', 'Stage and voice events need a channel_id.');
  }
  const start = typeof body.scheduled_start_time === 'string' ? Date.parse(body.scheduled_start_time) : Number.NaN;
  const end = typeof body.scheduled_end_time === 'string' ? Date.parse(body.scheduled_end_time) : Number.NaN;
  if (options.create && !Number.isNaN(start) && start < (options.now ?? Date.now())) {
    c.add('/scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
  }
  if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start) {
    c.add('/scheduled_end_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_INVALID', 'scheduled_end_time must be after scheduled_start_time.');
  }
  return c.problems;
}
