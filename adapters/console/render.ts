import { type Mention, plainText, type RichText, type View } from '../../src/views/view.js';

const mention = (m: Mention) => ('user' in m ? `@${m.user}` : `#${m.channel}`);
const text = (t: RichText) => plainText(t, mention);

/** A view as terminal text: headings underlined, lists bulleted, buttons shown with the command they run. */
export function renderConsole(view: View): string {
  const lines: string[] = [];
  for (const b of view.blocks) {
    switch (b.type) {
      case 'heading':
        lines.push(b.text, '─'.repeat(Math.min(60, [...b.text].length)));
        break;
      case 'text':
        lines.push((view.error ? '✗ ' : '') + text(b.text));
        break;
      case 'fields':
        b.fields.forEach((f) => lines.push(`  ${f.label}: ${text(f.value)}`));
        break;
      case 'list':
        b.items.forEach((i) => lines.push(`  • ${text(i)}`));
        break;
      case 'actions':
        lines.push(b.buttons.map((x) => `[${x.label}: /neuvo ${x.command}${x.form ? ' …' : ''}]`).join('  '));
        break;
      case 'divider':
        lines.push('');
        break;
    }
  }
  return lines.join('\n');
}
