import { describe, expect, it } from 'vitest';
import { type ReportingUnit } from '../domain/catalog.js';
import { type Enterprise, parseMonthText, parseRosterTable, ROSTER_HEADERS, rosterCounts, rosterRowCells } from './roster-table.js';

const unit = (id: number, code: string, name: string): ReportingUnit => ({ id, code, name, parentId: null, joinedPeriod: null, retiredPeriod: null });
const units = [unit(1, '001', '京滨工业园'), unit(2, '002', '城关镇')];

describe('企业名录 table import', () => {
  it('takes valid rows, refuses bad ones by row with every reason, and reports unknown columns', () => {
    const parsed = parseRosterTable(
      [
        ['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模', '国家高新技术企业', '雏鹰企业', '联系人'],
        ['甲科技有限公司', '91350100M000100Y43', '001', 'C3911', '规上', '2023-01', '', '张三'],
        ['乙制造有限公司', '914403001922038216', '城关镇', 'C3411', '规下', '2022年3月至2024-12', '2023.06', '李四'],
        ['', '', '', '', '', '', '', ''],
        ['丙公司', '91350100M000100Y44', '999', '', '中型', '是', '', ''],
        ['丁公司', '91350100M000100Y43', '001', '', '', '', '', ''],
      ],
      units,
    );
    expect(parsed.unknownColumns).toEqual(['联系人']);
    expect(parsed.missingColumns).toEqual([]);
    expect(parsed.rows[0]).toEqual({
      rowNumber: 2,
      status: 'ok',
      row: { creditCode: '91350100M000100Y43', name: '甲科技有限公司', unitId: 1, industryCode: 'C3911', aboveScale: true, designations: [{ designation: '高新技术企业', startPeriod: '2023-01', endPeriod: null }] },
    });
    expect(parsed.rows[1]).toMatchObject({
      rowNumber: 3,
      status: 'ok',
      row: {
        unitId: 2,
        aboveScale: false,
        designations: [
          { designation: '高新技术企业', startPeriod: '2022-03', endPeriod: '2024-12' },
          { designation: '雏鹰企业', startPeriod: '2023-06', endPeriod: null },
        ],
      },
    });
    expect(parsed.rows[2]).toEqual({
      rowNumber: 5,
      status: 'refused',
      name: '丙公司',
      reasons: [
        '统一社会信用代码“91350100M000100Y44”校验位不符（第18位应为“3”），请核对是否录错',
        '所属单位“999”不是填报单位（按单位代码或名称匹配）',
        '规模“中型”应为“规上”或“规下”',
        '国家高新技术企业：“是”不是认定年月，请填写如 2023-01 或 2023-01至2025-12',
      ],
    });
    expect(parsed.rows[3]).toEqual({ rowNumber: 6, status: 'refused', name: '丁公司', reasons: ['统一社会信用代码与第2行重复'] });
  });

  it('reads a designation granted twice, and writes rows the import reads back', () => {
    const header = ['企业名称', '统一社会信用代码', '所属单位', '规模', '高新技术企业'];
    const parsed = parseRosterTable([header, ['甲', '91350100M000100Y43', '001', '规上', '2019-01至2021-12；2023-01']], units);
    const row = parsed.rows[0];
    expect(row?.status === 'ok' ? row.row.designations : null).toEqual([
      { designation: '高新技术企业', startPeriod: '2019-01', endPeriod: '2021-12' },
      { designation: '高新技术企业', startPeriod: '2023-01', endPeriod: null },
    ]);
    if (row?.status !== 'ok') throw new Error('row refused');
    const again = parseRosterTable([[...ROSTER_HEADERS], rosterRowCells({ id: 1, ...row.row }, '001')], units);
    expect(again.rows[0]).toEqual({ ...row, rowNumber: 2 });
  });

  it('refuses a table without the required columns', () => {
    expect(parseRosterTable([['名称', '地址']], units)).toEqual({ rows: [], unknownColumns: ['地址'], missingColumns: ['统一社会信用代码', '所属单位'], present: [] });
  });

  it('reads months as clerks write them', () => {
    expect(['2023-1', '2023.01', '2023/01', '2023年1月', ' 2023 年 12 月 '].map(parseMonthText)).toEqual(['2023-01', '2023-01', '2023-01', '2023-01', '2023-12']);
    expect(parseMonthText('2023-13')).toBeNull();
    expect(parseMonthText('23-01')).toBeNull();
  });

  it('counts enterprises by designation held in a month', () => {
    const e = (id: number, aboveScale: boolean, designations: Enterprise['designations']): Enterprise => ({ id, creditCode: '', name: '', unitId: 1, industryCode: '', aboveScale, designations });
    const roster = [
      e(1, true, [{ designation: '高新技术企业', startPeriod: '2022-03', endPeriod: '2024-12' }]),
      e(2, false, [{ designation: '高新技术企业', startPeriod: '2023-06', endPeriod: null }, { designation: '雏鹰企业', startPeriod: '2023-06', endPeriod: null }]),
      e(3, true, []),
    ];
    const count = (period: string, designation: string) => rosterCounts(roster, period).byDesignation.find((d) => d.designation === designation)?.count;
    expect(count('2023-05', '高新技术企业')).toBe(1);
    expect(count('2023-06', '高新技术企业')).toBe(2);
    expect(count('2025-01', '高新技术企业')).toBe(1);
    expect(count('2023-06', '雏鹰企业')).toBe(1);
    expect(rosterCounts(roster, '2023-06')).toMatchObject({ total: 3, aboveScale: 2 });
  });
});
