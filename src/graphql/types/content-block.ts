// ContentBlock: a finding's narrative, one paragraph or one bullet list at a time, in page order.
import { builder } from '../builder.js';

type ContentBlockRow = { kind: 'paragraph' | 'bullet_list'; text: string | null; items: string[] | null };

const Paragraph = builder.objectRef<ContentBlockRow>('Paragraph').implement({
  description: 'A paragraph of a report, exactly as published.',
  isTypeOf: (block) => (block as ContentBlockRow).kind === 'paragraph',
  fields: (t) => ({
    text: t.string({ description: "The paragraph's text, typography (curly quotes) included.", resolve: (b) => b.text! }),
  }),
});

const BulletList = builder.objectRef<ContentBlockRow>('BulletList').implement({
  description: 'A bulleted list of a report, exactly as published.',
  isTypeOf: (block) => (block as ContentBlockRow).kind === 'bullet_list',
  fields: (t) => ({
    items: t.stringList({ description: 'The bullet points in order.', resolve: (b) => b.items! }),
  }),
});

export const ContentBlockUnion = builder.unionType('ContentBlock', {
  description: 'One block of narrative: a Paragraph or a BulletList.',
  types: [Paragraph, BulletList],
  // Named outright, not found by asking each member's isTypeOf: the compiled executor (http/compiled-execution.ts) needs it.
  resolveType: (block) => (block.kind === 'paragraph' ? 'Paragraph' : 'BulletList'),
});
