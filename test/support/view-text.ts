import { mentionPlain, plainText, type View } from '../../src/views/view.js';

/** A view as plain lines for assertions: headings, texts, list items and `label: value` fields, mentions as `@id`. */
export function viewText(v: View): string {
  return v.blocks
    .map((b) =>
      b.type === 'text'
        ? plainText(b.text, mentionPlain)
        : b.type === 'list'
          ? b.items.map((i) => plainText(i, mentionPlain)).join('\n')
          : b.type === 'heading'
            ? b.text
            : b.type === 'fields'
              ? b.fields.map((f) => `${f.label}: ${plainText(f.value, mentionPlain)}`).join('\n')
              : '',
    )
    .filter(Boolean)
    .join('\n');
}
