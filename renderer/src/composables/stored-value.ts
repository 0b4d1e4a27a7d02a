import type { Directive } from 'vue';

/**
 * `v-stored-value="x"` on an input that saves on change: shows the stored value, and writes it into
 * the input again only when the stored value itself changes. A plain `:value` is re-applied on every
 * re-render of the row, so a reply to another save arriving while the clerk types wiped what they had
 * typed (the project ledger's 本月完成投资 lost "1200.5" that way).
 */
export const vStoredValue: Directive<HTMLInputElement, string> = {
  mounted(el, { value }) {
    el.value = value;
  },
  updated(el, { value, oldValue }) {
    if (value !== oldValue) el.value = value;
  },
};
