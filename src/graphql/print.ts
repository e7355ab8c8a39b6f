// The committed SDL's exact text: the printed schema with a trailing newline.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.js';

export const printSchemaSdl = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
