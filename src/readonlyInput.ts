/** `T` with every array (at any depth) also accepted as a readonly array, e.g. a literal `as const`. */
export type ReadonlyInput<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyInput<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyInput<T[K]> }
    : T;
