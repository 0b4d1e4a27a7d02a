import { describe, expect, it } from 'vitest';
import { type Project, type ProjectStatus } from '../ledger/project-ledger.js';
import { type Enterprise } from '../roster/roster-table.js';
import { generateNarrative } from './generate-narrative.js';
import { type LedgerCounts, countsStatedBy, enterpriseCounts, projectCounts } from './ledger-counts.js';
import { DEFAULT_NARRATIVE_SETTINGS } from './narrative-settings.js';

let nextId = 1;
function project(totalInvestment: string, history: Array<[ProjectStatus, string]>): Project {
  return {
    id: nextId++,
    name: `项目${nextId}`,
    unitId: 1,
    category: '产业',
    totalInvestment,
    plannedStart: null,
    plannedEnd: null,
    progressText: '',
    leader: '',
    statusHistory: history.map(([status, period]) => ({ status, period })),
    annualPlans: {},
    monthlyInvestment: {},
  };
}
function enterprise(designations: Array<[string, string, string | null]>): Enterprise {
  return {
    id: nextId++,
    name: `企业${nextId}`,
    creditCode: '',
    unitId: 1,
    industryCode: '',
    aboveScale: true,
    designations: designations.map(([designation, startPeriod, endPeriod]) => ({ designation, startPeriod, endPeriod })),
  };
}
const paragraph = (ledger: LedgerCounts, period = '2024-06'): string =>
  generateNarrative({ unitName: '京滨工业园', period, previousMonth: null, firstReturnMonth: 1, figures: [], ledger }, DEFAULT_NARRATIVE_SETTINGS).text;

describe('project counts of the year so far (三个一批)', () => {
  const ledger = [
    project('25000', [['签约', '2024-03'], ['开工', '2024-05']]),
    project('5000', [['签约', '2024-02']]),
    project('30000', [['签约', '2023-11'], ['竣工投产', '2024-04']]),
    project('12000', [['在谈', '2024-01']]),
    project('18000', [['签约', '2024-09']]),
  ];
  it.each([
    ['2024-01', { signed: 0, signedInvestment: '0', signedLarge: 0, started: 0, completed: 0 }],
    ['2024-03', { signed: 2, signedInvestment: '30000', signedLarge: 1, started: 0, completed: 0 }],
    ['2024-06', { signed: 2, signedInvestment: '30000', signedLarge: 1, started: 1, completed: 1 }],
    ['2024-12', { signed: 3, signedInvestment: '48000', signedLarge: 2, started: 1, completed: 1 }],
    ['2023-12', { signed: 1, signedInvestment: '30000', signedLarge: 1, started: 0, completed: 0 }],
  ])('%s: %o', (period, expected) => {
    expect(projectCounts(ledger, period)).toEqual(expected);
  });
  it('is null for a node without projects, so nothing is said', () => {
    expect(projectCounts([], '2024-06')).toBeNull();
  });
});

describe('the ledger sentences of the paragraph', () => {
  const none = { projects: null, enterprises: null };
  const projects = (signed: number, signedLarge: number, signedInvestment: string, started = 0, completed = 0): LedgerCounts => ({
    projects: { signed, signedLarge, signedInvestment, started, completed },
    enterprises: null,
  });
  const held = (counts: Record<string, number>): LedgerCounts => ({
    projects: null,
    enterprises: { byDesignation: Object.entries(counts).map(([designation, count]) => ({ designation, count })) },
  });
  it.each<[string, LedgerCounts, string]>([
    ['all signed of 1亿元 or more', projects(3, 3, '184000'), '1-6月，京滨工业园新签约亿元以上项目3个，协议总投资18.40亿元。'],
    ['some of 1亿元 or more', projects(17, 5, '184000', 4, 2), '1-6月，京滨工业园新签约项目17个，其中亿元以上项目5个，协议总投资18.40亿元，新开工项目4个，竣工投产项目2个。'],
    ['none large, amount under 1亿元', projects(2, 0, '5656'), '1-6月，京滨工业园新签约项目2个，协议总投资5656万元。'],
    ['no 总投资 recorded', projects(1, 0, '0'), '1-6月，京滨工业园新签约项目1个。'],
    ['only started', projects(0, 0, '0', 2), '1-6月，京滨工业园新开工项目2个。'],
    ['nothing this year: no sentence, never 0个', projects(0, 0, '0'), ''],
    ['seed 000’s enterprises', held({ 高新技术企业: 100, 雏鹰企业: 121, 瞪羚企业: 18, 领军企业: 2 }), '1-6月，京滨工业园国家高新技术企业100家，认定雏鹰企业121家、瞪羚企业18家、领军企业2家。'],
    ['only 高新技术企业', held({ 高新技术企业: 100, 雏鹰企业: 0 }), '1-6月，京滨工业园国家高新技术企业100家。'],
    ['no 高新技术企业', held({ 高新技术企业: 0, 瞪羚企业: 18 }), '1-6月，京滨工业园认定瞪羚企业18家。'],
    ['no designation held', held({ 高新技术企业: 0 }), ''],
    ['no ledger entries', none, ''],
  ])('%s', (_case, ledger, expected) => {
    expect(paragraph(ledger)).toBe(expected);
  });

  it('counts designations held at the period’s end', () => {
    const list = [enterprise([['高新技术企业', '2022-03', '2023-12'], ['雏鹰企业', '2023-06', null]]), enterprise([['高新技术企业', '2023-01', null]])];
    expect(paragraph({ projects: null, enterprises: enterpriseCounts(list, '2023-06') })).toBe('1-6月，京滨工业园国家高新技术企业2家，认定雏鹰企业1家。');
    expect(paragraph({ projects: null, enterprises: enterpriseCounts(list, '2024-06') })).toBe('1-6月，京滨工业园国家高新技术企业1家，认定雏鹰企业1家。');
    expect(enterpriseCounts([], '2024-06')).toBeNull();
  });

  it('recognises the ledger counts an indicator already states, by the thing it counts', () => {
    const stated = countsStatedBy(['规模以上工业总产值', '新签约项目个数', '国家高新技术企业数', '雏鹰企业数（家）']);
    expect(stated.signed).toBe(true);
    expect(stated.designation('高新技术企业')).toBe(true);
    expect(stated.designation('雏鹰企业')).toBe(true);
    expect(stated.designation('瞪羚企业')).toBe(false);
    // A sum of money about projects is not their count.
    expect(countsStatedBy(['新签约项目协议总投资', '新开工项目个数']).signed).toBe(false);
  });
});
