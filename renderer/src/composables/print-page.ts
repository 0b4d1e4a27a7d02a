/** Opens the browser's (or Electron's) print dialog for the page as the print stylesheet lays it out. */
export function printPage(): void {
  window.print();
}

/** Calls `callback` when a print dialog closes; answers the function that stops listening. */
export function onAfterPrint(callback: () => void): () => void {
  window.addEventListener('afterprint', callback);
  return () => window.removeEventListener('afterprint', callback);
}
