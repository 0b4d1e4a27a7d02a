/**
 * Numbers equal values by their JSON form, so a workbook with 100k cells and a
 * dozen distinct looks stores each look once and its cells refer to it by index.
 * Index 0 is the value the table starts with (the plain style).
 */
export class InternTable<T> {
  readonly values: T[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(first: T) {
    this.intern(first);
  }

  intern(value: T): number {
    const key = JSON.stringify(value);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(key, index);
    }
    return index;
  }
}
