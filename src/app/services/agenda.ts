import type { Block, View } from '../../views/view.js';
import { THEMES } from '../ports.js';
import { networkOf, privateText, type Request } from '../request.js';
import { themeName } from './poll-views.js';

/** `agenda`: the topics the network's polls chose for its next negotiation, grouped by theme. */
export async function agenda(req: Request): Promise<View> {
  const { tr } = req;
  const items = await req.deps.agenda.forNetwork(networkOf(req).id);
  if (items.length === 0) return privateText([tr.t('agenda.none')]);
  const blocks: Block[] = [{ type: 'heading', text: tr.t('agenda.heading') }];
  for (const theme of THEMES) {
    const mine = items.filter((i) => i.theme === theme);
    if (mine.length === 0) continue;
    blocks.push({ type: 'text', text: [tr.t('agenda.theme', { theme: themeName(tr, theme), count: mine.length })] });
    blocks.push({
      type: 'list',
      items: mine.map((i) => [tr.t('agenda.item', { topic: i.topic, poll: `P${i.poll}`, votes: i.votes }), ...(i.outcome ? [` — ${i.outcome}`] : [])]),
    });
  }
  return { private: true, blocks };
}
