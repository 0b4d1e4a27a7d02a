import { describe, expect, it } from 'vitest';
import { type ReportingUnit } from '../domain/catalog.js';
import { parseProjectTable } from './project-table.js';

const unit = (id: number, code: string, name: string): ReportingUnit => ({ id, code, name, parentId: null, joinedPeriod: null, retiredPeriod: null });
const units = [unit(1, '001', '京滨工业园'), unit(2, '110', '东片区')];

describe('项目台账 table import', () => {
  it('takes rows with amounts in 万元 (converted from 亿元), refuses bad ones with every reason, reports unknown columns', () => {
    const parsed = parseProjectTable(
      [
        ['项目名称', '所属单位', '类别', '总投资（万元）', '计划开工', '状态', '状态年月', '形象进度', '包联领导', '联系人'],
        ['新能源电池项目', '东片区', '产业', '2.5亿元', '2024-03', '签约', '2024年2月', '土地摘牌', '王副县长', '张三'],
        ['园区道路', '001', '基础设施', '8,000.5', '', '', '', '', '', ''],
        ['新能源电池项目', '999', '', '约100', '2024-13', '开建', '', '', '', ''],
      ],
      units,
    );
    expect(parsed.unknownColumns).toEqual(['联系人']);
    expect(parsed.rows[0]).toEqual({
      rowNumber: 2,
      status: 'ok',
      row: { name: '新能源电池项目', unitId: 2, category: '产业', totalInvestment: '25000', plannedStart: '2024-03', plannedEnd: null, progressText: '土地摘牌', leader: '王副县长', status: { status: '签约', period: '2024-02' } },
    });
    expect(parsed.rows[1]).toMatchObject({ status: 'ok', row: { unitId: 1, totalInvestment: '8000.5', status: null } });
    expect(parsed.rows[2]).toEqual({
      rowNumber: 4,
      status: 'refused',
      name: '新能源电池项目',
      reasons: [
        '项目名称与第2行重复',
        '所属单位“999”不是填报单位（按单位代码或名称匹配）',
        '总投资：“约100”是约数，请填写确切数字',
        '计划开工“2024-13”不是年月，请填写如 2024-03',
        '状态“开建”应为在谈、签约、开工、在建、竣工投产、终止之一',
      ],
    });
  });

  it('refuses a table without the required columns', () => {
    expect(parseProjectTable([['项目名称', '备注']], units)).toMatchObject({ rows: [], missingColumns: ['所属单位', '总投资（万元）'] });
  });
});
