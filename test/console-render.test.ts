import { describe, expect, it } from 'vitest';
import { renderConsole } from '../adapters/console/render.js';

describe('console rendering', () => {
  it('renders headings, fields, lists, mentions and buttons with the commands they run', () => {
    const text = renderConsole({
      private: true,
      blocks: [
        { type: 'heading', text: 'Title' },
        { type: 'fields', fields: [{ label: 'Area', value: ['Lappi'] }] },
        { type: 'list', items: [['A — ', { user: 'alice' }, ' in ', { channel: 'general' }]] },
        { type: 'actions', buttons: [{ label: 'Approve', command: 'org approve J1' }] },
      ],
    });
    expect(text).toBe('Title\n─────\n  Area: Lappi\n  • A — @alice in #general\n[Approve: /neuvo org approve J1]');
  });
  it('marks errors', () => {
    expect(renderConsole({ private: true, error: true, blocks: [{ type: 'text', text: ['Nope'] }] })).toBe('✗ Nope');
  });
});
