// Copies the numbered SQL migrations next to the compiled workbook module, where
// migrations.ts looks them up at run time (tsc does not copy non-TS files).
// Run after `tsc -b electron/tsconfig.json`; stale copies of removed files are deleted.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../electron/services/workbook/migrations/', import.meta.url));
const target = fileURLToPath(new URL('../dist/electron/services/workbook/migrations/', import.meta.url));

const migrations = readdirSync(source).filter((file) => file.endsWith('.sql'));
if (migrations.length === 0) {
  console.error(`copy-migrations: no .sql files in ${source}`);
  process.exit(1);
}
mkdirSync(target, { recursive: true });
for (const file of readdirSync(target)) {
  if (file.endsWith('.sql') && !migrations.includes(file)) rmSync(target + file);
}
for (const file of migrations) copyFileSync(source + file, target + file);
console.log(`copy-migrations: ${migrations.length} migration(s) → ${target}`);
