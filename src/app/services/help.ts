import { COMMANDS, type CommandSpec, helpKey, usage } from '../../commands/model.js';
import type { Translator } from '../../i18n/translator.js';
import type { View } from '../../views/view.js';
import { arg, type Request } from '../request.js';

/** One help line per command: its usage and what it does. */
export function helpLines(tr: Translator, specs: readonly CommandSpec[] = COMMANDS): string[] {
  return specs.map((s) => `/neuvo ${usage(s, tr.lang)} — ${tr.t(helpKey(s))}`);
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
