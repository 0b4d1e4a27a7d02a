/**
 * Child process of the crash test: creates a workbook at argv[2] with the starter catalog and,
 * when argv[3] is "hang", stops in the middle of seeding (after printing "seeding") until the
 * parent SIGKILLs it. Otherwise it finishes and prints "created".
 */
import { createWorkbookFile } from '../../electron/services/workbook/workbook-file.ts';
import { seedStarterCatalog } from '../../electron/services/workbook/starter-catalog.ts';

const [, , path = '', mode = ''] = process.argv;
createWorkbookFile(path, (db) => {
  seedStarterCatalog(db);
  if (mode === 'hang') {
    process.stdout.write('seeding\n');
    // Synchronous, like the real seed: the kill lands inside the open transaction.
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
}).close();
process.stdout.write('created\n');
