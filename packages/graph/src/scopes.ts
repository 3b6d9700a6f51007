import { getDefaultGraph, type Scope } from './graph.js';
import type { Operation } from './operation.js';
import type { Tensor } from './tensor.js';

/** `tf.nameScope(name, fn)` on the default graph. */
export function nameScope<R>(name: string, fn: (scope: string) => R): R;
export function nameScope(name: string): Scope;
export function nameScope<R>(name: string, fn?: (scope: string) => R): R | Scope {
  return fn ? getDefaultGraph().nameScope(name, fn) : getDefaultGraph().nameScope(name);
}

type ControlInput = Operation | Tensor | { readonly op: Operation };

/** `tf.controlDependencies(deps, fn)` on the default graph. */
export function controlDependencies<R>(deps: readonly ControlInput[] | null, fn: () => R): R;
export function controlDependencies(deps: readonly ControlInput[] | null): Scope;
export function controlDependencies<R>(deps: readonly ControlInput[] | null, fn?: () => R): R | Scope {
  return fn ? getDefaultGraph().controlDependencies(deps, fn) : getDefaultGraph().controlDependencies(deps);
}

/** `tf.device('/gpu:0', fn)` on the default graph. */
export function device<R>(spec: string, fn: () => R): R;
export function device(spec: string): Scope;
export function device<R>(spec: string, fn?: () => R): R | Scope {
  return fn ? getDefaultGraph().device(spec, fn) : getDefaultGraph().device(spec);
}

export function addToCollection(name: string, value: unknown): void {
  getDefaultGraph().addToCollection(name, value);
}

export function getCollection<T = unknown>(name: string, scope?: string): T[] {
  return getDefaultGraph().getCollection<T>(name, scope);
}

export function getCollectionRef<T = unknown>(name: string): T[] {
  return getDefaultGraph().getCollectionRef<T>(name);
}
