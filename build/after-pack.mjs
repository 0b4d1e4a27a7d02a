// electron-builder afterPack hook: flips the Electron fuses (build/fuses.mjs) in the packed
// executable, after the app is packed and before the installer is built and signed.
import { join } from 'node:path';
import { flipFuses } from '@electron/fuses';
import { FUSES } from './fuses.mjs';

/**
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string } } }} context
 */
export default async function afterPack(context) {
  const name = context.packager.appInfo.productFilename;
  const executable =
    context.electronPlatformName === 'win32'
      ? join(context.appOutDir, `${name}.exe`)
      : context.electronPlatformName === 'darwin'
        ? join(context.appOutDir, `${name}.app`)
        : join(context.appOutDir, name);
  await flipFuses(executable, { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
}
