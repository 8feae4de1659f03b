import { mentionPlain, plainText, type RichText, type View } from '../../src/views/view.js';

const text = (t: RichText) => plainText(t, mentionPlain);

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
      case 'file':
        lines.push(`── ${b.name} ──`, b.content.trimEnd(), `── end of ${b.name} ──`);
        break;
    }
  }
  return lines.join('\n');
}
