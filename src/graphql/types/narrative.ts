// Areas for improvement and causes of concern: what a report tells a force to fix.
import { builder } from '../builder.js';
import { ofFinding } from '../read.js';

export const AreaForImprovementRef = builder.drizzleNode('areasForImprovement', {
  name: 'AreaForImprovement',
  description: 'Something a report says the force should improve, under one question.',
  id: { column: (area) => area.id },
  // Plain resolvers over the row, wherever it was read (the snapshot, or node() from SQL).
  fields: (t) => ({
    text: t.string({ description: 'The area for improvement as published.', resolve: (area) => area.text }),
    position: t.int({ description: 'Order under its question, from 0.', resolve: (area) => area.position }),
    finding: t.field({
      type: 'Finding',
      description: 'The finding (force, year, question) it belongs to.',
      resolve: (area, _args, context) => ofFinding(context, { id: area.findingId }, (s) => s.findingById.get(area.findingId)!),
    }),
  }),
});

export const CauseOfConcernRef = builder.drizzleNode('causesOfConcern', {
  name: 'CauseOfConcern',
  description: 'A serious weakness a report identifies, with the recommendations that address it.',
  id: { column: (cause) => cause.id },
  fields: (t) => ({
    text: t.string({ description: 'The cause of concern as published.', resolve: (cause) => cause.text }),
    position: t.int({ description: 'Order under its question, from 0.', resolve: (cause) => cause.position }),
    recommendations: t.stringList({
      description: 'What HMICFRS recommends to address it, in order.',
      resolve: (cause, _args, context) => ofFinding(context, { id: cause.findingId }, (s) => s.recommendationsOfCause.get(cause.id) ?? []),
    }),
    finding: t.field({
      type: 'Finding',
      description: 'The finding (force, year, question) it belongs to.',
      resolve: (cause, _args, context) => ofFinding(context, { id: cause.findingId }, (s) => s.findingById.get(cause.findingId)!),
    }),
  }),
});
