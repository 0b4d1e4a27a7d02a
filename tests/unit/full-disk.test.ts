import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestHost, type TestHost } from '../support/test-host.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
if (!isRoot) console.log('[full-disk] skipped: mounting a small tmpfs needs root on Linux; run npm test as root to exercise a full disk');

/** Fills the file system of `dir` with a filler file until the disk is full (ENOSPC). */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return filler;
}

describe.runIf(isRoot)('a full disk (a 3 MB tmpfs)', () => {
  let mountPoint: string;
  let disk: string;
  let host: TestHost;
  beforeAll(() => {
    mountPoint = makeTempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]);
    disk = join(mountPoint, 'data');
    mkdirSync(disk);
    host = makeTestHost(disk);
  });
  afterAll(() => {
    host.ctx.session?.db.close();
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('creating a workbook says so in Chinese and leaves nothing behind', async () => {
    const filler = fillDisk(disk);
    try {
      const message = await host.refusal('workbook:create', { path: '满盘' });
      expect(message).toMatch(/^创建工作簿“满盘\.statbench”失败.*磁盘空间不足。.*请清理磁盘/);
      expect(readdirSync(disk).filter((f) => f !== 'filler.bin' && f !== '.config')).toEqual([]);
    } finally {
      rmSync(filler);
    }
  });

  it('an edit and a backup say so in Chinese and change nothing', async () => {
    await host.call('workbook:create', { path: '满盘编辑' });
    const catalog = await host.call('catalog:get', {});
    const indicatorIds = catalog.items.flatMap((i) => (i.type === 'indicator' ? [i.indicator.id] : []));
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const db = host.ctx.session?.db;
    const count = (): number => (db?.prepare('SELECT count(*) AS n FROM cell_values').get() as { n: number }).n;
    const before = count();
    const filler = fillDisk(disk);
    try {
      // A paste of 12 months × every indicator with long remarks: far more than the few KB left.
      const changes = indicatorIds.flatMap((indicatorId) =>
        Array.from({ length: 12 }, (_, m) => ({ indicatorId, period: `2024-${String(m + 1).padStart(2, '0')}`, field: 'month' as const, value: `${m + 1}${'0'.repeat(12)}` })),
      );
      const message = await host.refusal('values:set', { unitId, source: 'paste', changes });
      expect(message).toContain('磁盘空间不足');
      expect(message).toContain('请清理磁盘');
      expect(message).not.toContain('程序内部错误');
      expect(count()).toBe(before);

      const backup = await host.refusal('backups:create', { name: '满盘快照' });
      expect(backup).toMatch(/^备份工作簿“满盘编辑\.statbench”失败.*磁盘空间不足。数据未被修改。/);
      const folder = join(disk, '满盘编辑-备份');
      expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    } finally {
      rmSync(filler);
    }
    // With space again, the same workbook keeps working.
    expect((await host.call('backups:create', { name: '有空间了' })).kind).toBe('快照');
    expect(host.ctx.session?.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('an export and an import say so in Chinese, without the Excel/WPS hint, and leave nothing behind', async () => {
    await host.call('workbook:create', { path: '满盘导出' });
    const formId = (await host.call('catalog:get', {})).form.id;
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const out = join(disk, '导出');
    mkdirSync(out);
    const filler = fillDisk(disk);
    try {
      const message = await host.refusal('exports:formView', { formId, unitId, period: '2024-03', format: 'xlsx', outputPath: join(out, '满盘报表.xlsx') });
      expect(message).toContain('磁盘空间不足');
      expect(message).toContain('满盘报表.xlsx');
      expect(message).not.toMatch(/ENOSPC|Excel|WPS|程序内部错误/);
      expect(readdirSync(out)).toEqual([]);

      // An import is refused before it starts: the backup taken before it (导入前) does not fit.
      const before = host.ctx.session?.db.prepare('SELECT count(*) AS n FROM enterprises').get();
      const refusal = await host.refusal('roster:import', { path: join(disk, '名录.xlsx') });
      expect(refusal).toMatch(/^备份工作簿“满盘导出\.statbench”失败.*磁盘空间不足。数据未被修改。/);
      expect(host.ctx.session?.db.prepare('SELECT count(*) AS n FROM enterprises').get()).toEqual(before);
    } finally {
      rmSync(filler);
    }
  });

  it('opening a workbook on a full disk says the disk is full (not a loose USB stick), and leaves the file as it was', async () => {
    const { path } = await host.call('workbook:create', { path: '满盘打开' });
    await host.call('workbook:close', undefined);
    const bytes = readFileSync(path);
    const filler = fillDisk(disk);
    try {
      // SQLite cannot even make the 32 KB shared-memory file of its read-only check.
      const message = await host.refusal('workbook:open', { path });
      expect(message).toMatch(/^打开工作簿“满盘打开\.statbench”失败.*磁盘空间不足。数据未被修改。请清理磁盘/);
      expect(readdirSync(disk).filter((f) => f.startsWith('满盘打开'))).toEqual(['满盘打开.statbench']);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    } finally {
      rmSync(filler);
    }
    expect((await host.call('workbook:open', { path })).path).toBe(path);
  });
});
