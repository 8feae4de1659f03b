import { COMMANDS, type CommandSpec, helpKey, usage } from '../../commands/model.js';
import { localizePlaceholder } from '../../i18n/placeholders.js';
import type { Translator } from '../../i18n/translator.js';
import type { View } from '../../views/view.js';
import { arg, type Request } from '../request.js';

/** A command's usage line in the reader's language: `/neuvo remind <päivämäärä> "<viesti>" …`. */
export function usageLine(tr: Translator, spec: CommandSpec): string {
  return `/neuvo ${usage(spec, (p) => localizePlaceholder(tr, p), tr.lang)}`;
}

/**
 * How an error names an option the parser reported by its placeholder or name: in the reader's
 * language, and with its key when it is written keyed (`seats:<n>`, not a bare `<n>`).
 */
export function optionShown(tr: Translator, spec: CommandSpec, option: string): string {
  const opt = spec.options.find((o) => o.placeholder === option || o.name === option);
  const shown = localizePlaceholder(tr, option);
  return opt && !opt.positional && opt.placeholder === option ? `${opt.name}:${shown}` : shown;
}

/** One help line per command: its usage and what it does. */
export function helpLines(tr: Translator, specs: readonly CommandSpec[] = COMMANDS): string[] {
  return specs.map((s) => `${usageLine(tr, s)} — ${tr.t(helpKey(s))}`);
}

/** The whole help, or the commands whose words start with the topic (`help org`). */
export function helpView(tr: Translator, topic?: string): View {
  const words = (topic ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const specs = COMMANDS.filter((s) => words.every((w, i) => s.path[i] === w));
  if (words.length > 0 && specs.length === 0) {
    return {
      private: true,
      error: true,
      blocks: [
        { type: 'text', text: [tr.t('help.unknown-topic', { topic: topic ?? '' })] },
        { type: 'list', items: helpLines(tr).map((l) => [l]) },
      ],
    };
  }
  return {
    private: true,
    blocks: [
      { type: 'heading', text: tr.t('help.heading') },
      { type: 'list', items: helpLines(tr, specs.length ? specs : COMMANDS).map((l) => [l]) },
      { type: 'text', text: [tr.t('help.footer')] },
    ],
  };
}

export function help(req: Request): Promise<View> {
  return Promise.resolve(helpView(req.tr, arg.optText(req, 'command')));
}
