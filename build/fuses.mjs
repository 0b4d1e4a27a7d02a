// Electron fuses of the packaged app (flipped into the .exe by build/after-pack.mjs, before the
// installer is made). Fuses are bits in the Electron binary itself: unlike command-line switches
// or environment variables, nobody on the clerk's PC can turn them back on.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** @type {import('@electron/fuses').FuseConfig} */
export const FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn 统计工作台.exe into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and localStorage encrypted with the OS key store (DPAPI on Windows).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require evil.js) and --inspect/--inspect-brk must not reach the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds in the .exe, and nothing else
  // (an unpacked app folder next to it) is ever loaded.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The app is served from app://, never file://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};
