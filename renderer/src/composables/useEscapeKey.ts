import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Calls `close` when Esc is pressed anywhere while the calling component is mounted (also after
 * a click on a dialog's backdrop moved focus out of it). Listens in the capture phase so the grid
 * underneath never sees the key; an IME composition's Esc is left to the input method.
 */
export function useEscapeKey(close: () => void): void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
  onMounted(() => window.addEventListener('keydown', onKey, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey, true));
}
