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
  type FragmentDefinitionNode,
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
  /**
   * Variables that @include or @skip read. Given null, graphql's executor refuses the operation (their
   * `if` is a Boolean!) while graphql-jit treats it as false: such a request runs the usual way.
   */
  directiveVariables: string[];
}

/** The document's fragment definitions, which any of its operations may spread. */
const fragmentsOf = (document: DocumentNode) =>
  document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);

/** The names of the variables an @include or @skip of the operation or its fragments reads. */
function variablesOfDirectives(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const names = new Set<string>();
  const fragments = fragmentsOf(document);
  visit(
    { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    {
      Directive(node) {
        if (node.name.value !== 'include' && node.name.value !== 'skip') return;
        for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      },
    },
  );
  return [...names];
}

const isPlanned = (field: GraphQLField<unknown, unknown>) =>
  Object.keys(field.extensions ?? {}).some((key) => key.startsWith('pothosDrizzle'));

/** Whether every root field of `operation` is a snapshot reader and no field it or a fragment selects is planned. */
function compilable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let ok = true;
  // The operation and the fragments, not the document's other operations.
  const fragments = fragmentsOf(document);
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
  return { query: result.query.bind(result), defaults, directiveVariables: variablesOfDirectives(operation, document) };
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
  const fragments = new Map(fragmentsOf(document).map((fragment) => [fragment.name.value, fragment] as const));
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

/** Distinct operations remembered (compiled or counted); one is compiled when it comes a second time. */
const MAX_REMEMBERED = 256;
const COMPILE_ON_SIGHTING = 2;
/**
 * Compiles allowed per second, across all clients, and how many may come at once. A compile blocks
 * the event loop ~20 ms for a large operation: without a budget, clients sending ever new operations
 * twice each would keep it compiling. Over the budget an operation runs the usual way, and is
 * compiled on a later sighting when the budget allows.
 */
const COMPILES_PER_SECOND = 5;
const COMPILE_BURST = 10;

/** Says whether one more compile may run now. */
export interface CompileBudget {
  take(): boolean;
}

/** A token bucket: `take()` is true while compiles remain in this second's budget. */
export function compileBudget(
  perSecond = COMPILES_PER_SECOND,
  burst = COMPILE_BURST,
  now: () => number = () => performance.now(),
): CompileBudget {
  let tokens = burst;
  let at = now();
  return {
    take(): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - at) / 1000) * perSecond);
      at = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * What an operation is kept by: the operation without its name, and the document's fragments, as
 * printed. Texts that differ only in comments, spacing, the operation's name or the other operations
 * of the document share one entry (and one compile).
 */
function normalForm(document: DocumentNode, operationName: string | undefined): string | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const fragments = fragmentsOf(document);
  return print({ kind: Kind.DOCUMENT, definitions: [{ ...operation, name: undefined }, ...fragments] });
}

interface Entry {
  sightings: number;
  /** The compiled operation; null when it is not compilable; undefined until compiled. */
  compiled: Compiled | null | undefined;
}

export function useCompiledExecution({ budget = compileBudget() }: { budget?: CompileBudget } = {}): Plugin {
  // Bounded, and compiled only once seen again and within the budget: a stream of one-off queries
  // costs a print each, not a compile each. The parsed document remembers its entry, so a repeated
  // text costs no print.
  const byForm = new LRUCache<string, Entry>({ max: MAX_REMEMBERED });
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry | null>>();
  const compiledFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled | null => {
    const name = operationName ?? '';
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    let entry = byName.get(name);
    if (entry === undefined) {
      const form = normalForm(document, operationName);
      entry = form === null ? null : (byForm.get(form) ?? { sightings: 0, compiled: undefined });
      if (form !== null) byForm.set(form, entry!);
      byName.set(name, entry);
    }
    if (entry === null) return null;
    if (entry.sightings < COMPILE_ON_SIGHTING) entry.sightings++;
    if (entry.compiled === undefined && entry.sightings >= COMPILE_ON_SIGHTING && budget.take()) {
      entry.compiled = compile(schema, document, operationName);
    }
    return entry.compiled ?? null;
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
        if (compiled.directiveVariables.some((name) => variables[name] == null)) return executeFn(execution);
        const result = compiled.query(execution.rootValue, execution.contextValue, variables);
        // graphql-jit's own serializer for the answer is left unused: JSON.stringify was 7% faster on Compare.
        const finish = (r: ExecutionResult) => (r.errors?.length ? located(r, operation, execution.document) : r);
        return (result instanceof Promise ? result.then(finish) : finish(result)) as never;
      });
    },
  };
}
