/** The intersection of the members of a union: `A | B` → `A & B`. */
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * Merges per-feature maps (the contract's channel maps, the services' handler maps) into one,
 * throwing on a key defined twice. An object spread would let the later map silently replace the
 * earlier one's channel; this fails at start-up instead, naming the channel.
 * @throws Error naming the duplicate key.
 */
export function mergeUnique<T extends object[]>(...maps: T): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      if (Object.prototype.hasOwnProperty.call(merged, key)) throw new Error(`channel "${key}" is defined twice`);
      merged[key] = value;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}
