// Compiled execution (graphql-jit) for the operations that read only the in-memory snapshot: the
// document is compiled once into a function that resolves exactly its fields, instead of graphql's
// executor walking the selection on every request (for Compare over 43 forces, ~1,550 fields).
//
// Only queries whose root fields are snapshot readers (COMPILED_ROOTS) and which select no field
// plugin-drizzle plans are compiled: those read `info` in ways the compiled executor does not build.
// Variables are checked by graphql first; a request whose variables are wrong runs the usual way, so
// its error is the usual one. Everything else (mutations, connections, search) runs the usual way too.
import {
  BREAK,
  GraphQLError,
  Kind,
  TypeInfo,
  getOperationAST,
  getVariableValues,
  print,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Root fields served from the snapshot alone. */
const COMPILED_ROOTS = new Set(['report', 'compare', 'inspectionYears', 'inspectionYear', '__typename']);

interface Compiled {
  query: CompiledQuery['query'];
  /** Variables with a default, as the client would have written it (graphql-jit applies no defaults). */
  defaults: [string, unknown][];
}

const isPlanned = (field: GraphQLField<unknown, unknown>) =>
  Object.keys(field.extensions ?? {}).some((key) => key.startsWith('pothosDrizzle'));

/** Whether every root field of `operation` is a snapshot reader and no field it or a fragment selects is planned. */
function compilable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let ok = true;
  // The operation and the fragments, not the document's other operations.
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  visit(
    { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    visitWithTypeInfo(typeInfo, {
      // A response key asked twice in one selection merges fields, whose errors graphql-jit locates
      // at one of them only: such operations keep graphql's executor.
      SelectionSet(node) {
        const keys = node.selections.flatMap((s) => (s.kind === Kind.FIELD ? [(s.alias ?? s.name).value] : []));
        if (new Set(keys).size === keys.length) return undefined;
        ok = false;
        return BREAK;
      },
      Field(node) {
        const field = typeInfo.getFieldDef();
        const atRoot = typeInfo.getParentType() === schema.getQueryType();
        if (!field || isPlanned(field) || (atRoot && !COMPILED_ROOTS.has(node.name.value))) {
          ok = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return ok;
}

/** Whether the operation is compiled once it comes again (a query reading only the snapshot, which graphql-jit compiles). */
export function compiles(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): boolean {
  return compile(schema, document, operationName) !== null;
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query' || !compilable(schema, document, operation)) return null;
  const result = compileQuery(schema, document, operationName);
  if (!isCompiledQuery(result)) return null;
  const defaults = (operation.variableDefinitions ?? []).flatMap((definition) =>
    definition.defaultValue ? [[definition.variable.name.value, valueFromASTUntyped(definition.defaultValue)] as [string, unknown]] : [],
  );
  return { query: result.query.bind(result), defaults };
}

/**
 * The result as graphql's executor shapes it: errors first, and each field error located at the
 * field node it came from (graphql-jit gives locations but no nodes, and error masking rebuilds
 * errors from their nodes).
 */
function located(result: ExecutionResult, operation: OperationDefinitionNode, document: DocumentNode): ExecutionResult {
  const errors = (result.errors ?? []).map((error) => {
    if (error.nodes?.length || !error.path) return error;
    const node = fieldAt(operation, document, error.path);
    return node
      ? new GraphQLError(error.message, {
          nodes: [node],
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        })
      : error;
  });
  return { errors, data: result.data, ...(result.extensions ? { extensions: result.extensions } : {}) };
}

/** The field a response path names, following fragments; list indices are skipped. */
function fieldAt(operation: OperationDefinitionNode, document: DocumentNode, path: readonly (string | number)[]): FieldNode | undefined {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const find = (selections: readonly SelectionNode[], key: string): FieldNode | undefined => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key) return selection;
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet.selections
          : selection.kind === Kind.FRAGMENT_SPREAD
            ? fragments.get(selection.name.value)?.selectionSet.selections
            : undefined;
      const found = inner && find(inner, key);
      if (found) return found;
    }
    return undefined;
  };
  let selections: readonly SelectionNode[] = operation.selectionSet.selections;
  let field: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    field = find(selections, key);
    if (!field) return undefined;
    selections = field.selectionSet?.selections ?? [];
  }
  return field;
}

/** Distinct operations kept compiled; one is compiled when it comes a second time. */
const MAX_COMPILED = 256;
const COMPILE_ON_SIGHTING = 2;

export function useCompiledExecution(): Plugin {
  // By the operation as printed (so texts differing only in comments or spacing share an entry),
  // bounded, and compiled only once seen again: a stream of one-off queries costs a print each, not
  // a compile each. The parsed document remembers its entry, so a repeated text costs no print.
  const byText = new LRUCache<string, { sightings: number; compiled: Compiled | null }>({ max: MAX_COMPILED });
  const byDocument = new WeakMap<DocumentNode, Map<string, { sightings: number; compiled: Compiled | null }>>();
  const compiledFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) => {
    const name = operationName ?? '';
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    let entry = byName.get(name);
    if (!entry) {
      const text = `${name}\0${print(document)}`;
      entry = byText.get(text) ?? { sightings: 0, compiled: null };
      byText.set(text, entry);
      byName.set(name, entry);
    }
    if (entry.sightings < COMPILE_ON_SIGHTING && ++entry.sightings === COMPILE_ON_SIGHTING) {
      entry.compiled = compile(schema, document, operationName);
    }
    return entry.compiled;
  };
  return {
    // Decided at execution, on the document as the plugins after this one left it (the response
    // cache adds __typename and id to collect what an answer holds).
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((execution) => {
        const operationName = execution.operationName ?? undefined;
        const compiled = compiledFor(execution.schema, execution.document, operationName);
        if (!compiled) return executeFn(execution);
        const raw = (execution.variableValues ?? {}) as Record<string, unknown>;
        const operation = getOperationAST(execution.document, operationName)!;
        if (getVariableValues(execution.schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 }).errors)
          return executeFn(execution);
        const variables = { ...raw };
        for (const [name, value] of compiled.defaults) if (variables[name] === undefined) variables[name] = value;
        const result = compiled.query(execution.rootValue, execution.contextValue, variables);
        // graphql-jit's own serializer for the answer is left unused: JSON.stringify was 7% faster on Compare.
        const finish = (r: ExecutionResult) => (r.errors?.length ? located(r, operation, execution.document) : r);
        return (result instanceof Promise ? result.then(finish) : finish(result)) as never;
      });
    },
  };
}
