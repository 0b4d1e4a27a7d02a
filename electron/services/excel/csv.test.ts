import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectCsvEncoding, readCsvBytes } from './csv-read.js';
import { neutralizeFormula, writeCsvBytes, writeCsvFile } from './csv-write.js';

const ROWS = [
  ['指标名称', '本月', '1-11月', '同比±%', '备注'],
  ['规模以上工业总产值', '1234.5', '86330.25', '-2.6', '含"新"企业, 3家'],
  ['固定资产投资（亿元）', '', '17.34', '+5.94', '多行\r\n说明'],
];

describe('CSV export', () => {
  it('writes UTF-8 with a BOM by default, CRLF rows and RFC 4180 quoting', () => {
    const bytes = writeCsvBytes(ROWS);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[1]).toBe('规模以上工业总产值,1234.5,86330.25,-2.6,"含""新""企业, 3家"');
    expect(readCsvBytes(bytes, 'a.csv')).toMatchObject({ rows: ROWS, encoding: 'utf-8' });
  });

  it('writes GBK (as GB18030) on request, readable by the detector', () => {
    const bytes = writeCsvBytes(ROWS, { encoding: 'gbk' });
    expect(bytes.subarray(0, 8).equals(iconv.encode('指标名称', 'gbk'))).toBe(true);
    expect(readCsvBytes(bytes, 'gbk.csv')).toMatchObject({ rows: ROWS, encoding: 'gb18030' });
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'],
    ['\t=1', "'\t=1"],
    ['-5', '-5'],
    ['+3.2', '+3.2'],
    ['-12.5%', '-12.5%'],
    ['1-11月', '1-11月'],
    ['正常文本', '正常文本'],
  ])('neutralises %j → %j', (input, output) => {
    expect(neutralizeFormula(input)).toBe(output);
  });

  it('neutralises injection in the written file', () => {
    const text = writeCsvBytes([['=cmd|"/c calc"!A1', '-1']]).subarray(3).toString('utf8');
    expect(text).toBe('"\'=cmd|""/c calc""!A1",-1\r\n');
  });

  it('writes atomically to disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statbench-csv-'));
    await writeCsvFile(join(dir, '导出.csv'), ROWS, { encoding: 'gbk' });
    expect(await readdir(dir)).toEqual(['导出.csv']);
    expect(readCsvBytes(await readFile(join(dir, '导出.csv')), '导出.csv').rows).toEqual(ROWS);
  });
});

describe('CSV import encoding detection', () => {
  const sample = '指标名称,本月,1-11月累计,上年同期,同比增长%\r\n规模以上工业总产值,8633,86330,81500,5.94\r\n固定资产投资,1200,17340,15000,15.6\r\n其中：工业投资,300,5200,4100,26.8\r\n';
  const traditional = '指標名稱,本月,1-11月累計,上年同期,同比增長%\r\n規模以上工業總產值,8633,86330,81500,5.94\r\n固定資產投資,1200,17340,15000,15.6\r\n其中：工業投資,300,5200,4100,26.8\r\n';

  it('detects UTF-8 with and without BOM', () => {
    expect(detectCsvEncoding(Buffer.from(sample, 'utf8'))).toBe('utf-8');
    expect(detectCsvEncoding(Buffer.from(`\ufeff${sample}`, 'utf8'))).toBe('utf-8');
    expect(readCsvBytes(Buffer.from(`\ufeff${sample}`, 'utf8'), 'x.csv').rows[0]?.[0]).toBe('指标名称');
  });

  it('detects GBK and GB18030 (Excel on Chinese Windows)', () => {
    expect(detectCsvEncoding(iconv.encode(sample, 'gbk'))).toBe('gb18030');
    const withRare = `${sample}𠀾镕基,1,2,3,4\r\n`; // 𠀾 exists only in GB18030 (4 bytes)
    const table = readCsvBytes(iconv.encode(withRare, 'gb18030'), 'gb.csv');
    expect(table.encoding).toBe('gb18030');
    expect(table.rows.at(-1)?.[0]).toBe('𠀾镕基');
  });

  it('detects Big5', () => {
    const table = readCsvBytes(iconv.encode(traditional, 'big5'), 'big5.csv');
    expect(table.encoding).toBe('big5');
    expect(table.rows[1]?.[0]).toBe('規模以上工業總產值');
  });

  it('detects short single-line samples too', () => {
    expect(detectCsvEncoding(iconv.encode('企业名称,产值', 'gbk'))).toBe('gb18030');
    expect(detectCsvEncoding(iconv.encode('企業名稱,產值', 'big5'))).toBe('big5');
  });

  it('sniffs tab and semicolon delimiters', () => {
    expect(readCsvBytes(Buffer.from('a\tb\r\n1\t2\r\n'), 't.csv')).toMatchObject({ delimiter: '\t', rows: [['a', 'b'], ['1', '2']] });
    expect(readCsvBytes(Buffer.from('a;b\n1,5;2\n'), 's.csv')).toMatchObject({ delimiter: ';', rows: [['a', 'b'], ['1,5', '2']] });
  });

  it('sniffs the delimiter from the whole sample: a TSV with a title line is TSV', () => {
    // The title line has a comma and no tab; only the table below it says how cells are split.
    const tsv = '2023年1-11月招商引资到位情况（单位：万元, 含省外）\r\n指标名称\t本月\t1-11月\r\n到位资金,内资\t1200\t8633\r\n外资\t30\t410\r\n';
    const table = readCsvBytes(iconv.encode(tsv, 'gbk'), '招商.csv');
    expect(table.delimiter).toBe('\t');
    expect(table.rows[1]).toEqual(['指标名称', '本月', '1-11月']);
    expect(table.rows[2]).toEqual(['到位资金,内资', '1200', '8633']);
    // A comma file whose title happens to hold tabs stays comma-separated.
    const csv = '说明\t见附表\t2023年\n指标,本月,累计\n产值,1,2\n投资,3,4\n';
    expect(readCsvBytes(Buffer.from(csv), 'c.csv').delimiter).toBe(',');
  });

  it('refuses binary data named .csv', () => {
    expect(() => readCsvBytes(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0]), '报表.csv')).toThrow(/报表\.csv/);
  });
});
