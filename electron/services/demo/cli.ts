import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWorkbookFile } from '../workbook/workbook-file.js';
import { seedDemoWorkbook } from './demo-workbook.js';

// `npm run demo [-- path]`: writes the sample workbook so a newcomer sees a realistic form at once.
const target = resolve(process.argv[2] ?? join(process.env.STATBENCH_HOME ?? join(homedir(), 'StatBench'), '示例-京滨工业园.statbench'));
try {
  createWorkbookFile(target, seedDemoWorkbook).close();
  console.log(`已创建示例工作簿：${target}`);
  console.log('用 npm run web 或 npm start 打开它，选择 2023年11月 查看表式。');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
