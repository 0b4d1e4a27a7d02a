import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Listens to a window or document event while the calling component is mounted (the menu bar's
 * click-outside, the workbook's shortcuts that work wherever the focus is).
 */
export function useDomEvent<K extends keyof DocumentEventMap>(target: 'window' | 'document', type: K, listener: (event: DocumentEventMap[K]) => void, capture = false): void {
  const on = (): EventTarget => (target === 'window' ? window : document);
  const handler = (event: Event): void => listener(event as DocumentEventMap[K]);
  onMounted(() => on().addEventListener(type, handler, capture));
  onBeforeUnmount(() => on().removeEventListener(type, handler, capture));
}
