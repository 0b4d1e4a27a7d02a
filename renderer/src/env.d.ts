/// <reference types="vite/client" />

declare module '*.vue' {
  import { type DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  /** Handsontable licence key; the default is only for non-commercial use. */
  readonly VITE_HANDSONTABLE_LICENSE_KEY?: string;
}

interface Window {
  /** Present in the desktop app: exposed by the preload script. */
  statbench?: {
    invoke(channel: string, arg: unknown): Promise<unknown>;
    /** A file dropped on the window → an envelope with a handle ({ handle, name }) for `purpose`. */
    dropFile(file: File, purpose: string): Promise<unknown>;
    on(event: string, callback: (payload: unknown) => void): () => void;
  };
}
