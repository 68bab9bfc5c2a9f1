/** The Convex function builders: what they register and for whom. */
export type FunctionKind = 'query' | 'mutation' | 'action' | 'httpAction';
export type Visibility = 'public' | 'internal';

export interface Registrar {
  kind: FunctionKind;
  visibility: Visibility;
  /** The underlying Convex builder, e.g. `internalMutation` or `queryGeneric`. */
  base: string;
  /**
   * Custom builders between the registration and the Convex builder, outermost first, each
   * with the call that made it (`customQuery(query, …)`): later analysis reads their mods.
   */
  customizations: readonly Customization[];
  /** Declared in the config file as a builder that checks auth, under this name. */
  configuredAs?: string;
}

export interface Customization {
  /** The local name the builder was bound to, when it was (`authedQuery`), or the wrapper's name. */
  name?: string;
  /** The convex-helpers factory: `customQuery`, `zCustomMutation`, …; for a wrapper, the call in between (`withSession`). */
  factory: string;
  file: string;
  /** `customQuery(query, …)`; for a wrapper, its builder call (`mutation(withSession(func))`), which has no mods. */
  call: import('ts-morph').ts.CallExpression;
  /**
   * A project function wrapping the builder that hands what it is given through a call first
   * (`mutationWithSession(func)` returning `mutation(withSession(func))`, see registrar-wrappers.ts):
   * that call may add arguments or checks the model cannot read.
   */
  opaque?: true;
}

const GENERATED_SERVER: Record<string, [FunctionKind, Visibility]> = {
  query: ['query', 'public'],
  mutation: ['mutation', 'public'],
  action: ['action', 'public'],
  internalQuery: ['query', 'internal'],
  internalMutation: ['mutation', 'internal'],
  internalAction: ['action', 'internal'],
  httpAction: ['httpAction', 'public'],
};

const CONVEX_SERVER_GENERIC: Record<string, [FunctionKind, Visibility]> = {
  queryGeneric: ['query', 'public'],
  mutationGeneric: ['mutation', 'public'],
  actionGeneric: ['action', 'public'],
  internalQueryGeneric: ['query', 'internal'],
  internalMutationGeneric: ['mutation', 'internal'],
  internalActionGeneric: ['action', 'internal'],
  httpActionGeneric: ['httpAction', 'public'],
};

/** `customQuery`, `zCustomMutation`, … from convex-helpers: builders whose first argument is a registrar. */
export const CUSTOM_BUILDER_FACTORIES = new Set([
  'customQuery',
  'customMutation',
  'customAction',
  'zCustomQuery',
  'zCustomMutation',
  'zCustomAction',
]);

export function isConvexHelpersModule(specifier: string): boolean {
  return specifier === 'convex-helpers' || specifier.startsWith('convex-helpers/');
}

/** The registrar an import names, if it is one of Convex's own builders. */
export function builtinRegistrar(module: 'generated:server' | 'convex/server' | string, name: string): Registrar | undefined {
  const table = module === 'generated:server' ? GENERATED_SERVER : module === 'convex/server' ? CONVEX_SERVER_GENERIC : undefined;
  const entry = table?.[name];
  return entry ? { kind: entry[0], visibility: entry[1], base: name, customizations: [] } : undefined;
}
