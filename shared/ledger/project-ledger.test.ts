import { describe, expect, it } from 'vitest';
import { type Project, projectFigures, projectSourceValue, reachedIn, statusAt } from './project-ledger.js';

const project = (id: number, fields: Partial<Project>): Project => ({
  id,
  name: `项目${id}`,
  unitId: 1,
  category: '产业',
  totalInvestment: '0',
  plannedStart: null,
  plannedEnd: null,
  progressText: '',
  leader: '',
  statusHistory: [],
  annualPlans: {},
  monthlyInvestment: {},
  ...fields,
});

describe('项目台账', () => {
  it('reads a project’s 状态 in any month from its history', () => {
    const history = [
      { status: '在谈', period: '2023-11' },
      { status: '签约', period: '2024-02' },
      { status: '开工', period: '2024-05' },
      { status: '在建', period: '2024-05' },
    ] as const;
    expect(statusAt(history, '2023-10')).toBeNull();
    expect(statusAt(history, '2024-01')).toBe('在谈');
    expect(statusAt(history, '2024-04')).toBe('签约');
    // Two changes in one month: the later stage holds at month end.
    expect(statusAt(history, '2024-05')).toBe('在建');
    expect(reachedIn(history, '签约')).toBe('2024-02');
    expect(reachedIn(history, '竣工投产')).toBeNull();
  });

  it('accumulates 本月完成投资 into 本年累计 and 开工以来累计, with 完成率 against the plan and the 总投资', () => {
    const p = project(1, {
      totalInvestment: '50000',
      annualPlans: { '2024': '12000' },
      monthlyInvestment: { '2023-11': '3000', '2023-12': '2000', '2024-01': '1500.5', '2024-03': '2500', '2024-07': '9000' },
    });
    expect(projectFigures(p, '2024-03')).toMatchObject({ month: '2500', yearToDate: '4000.5', sinceStart: '9000.5', annualPlan: '12000' });
    expect(projectFigures(p, '2024-03').planCompletion?.startsWith('33.337')).toBe(true);
    expect(projectFigures(p, '2024-03').totalCompletion).toBe('18.001');
    expect(projectFigures(p, '2024-02').month).toBeNull();
    expect(projectFigures(project(2, {}), '2024-03')).toMatchObject({ yearToDate: null, totalCompletion: null });
  });

  it('feeds counts and sums per month: signed, their 协议总投资, projects per 状态, 亿元以上 under way', () => {
    const projects = [
      project(1, { totalInvestment: '25000', statusHistory: [{ status: '签约', period: '2024-03' }, { status: '开工', period: '2024-06' }], monthlyInvestment: { '2024-06': '800' } }),
      project(2, { totalInvestment: '8000.5', statusHistory: [{ status: '签约', period: '2024-03' }], monthlyInvestment: { '2024-06': '200.5' } }),
      project(3, { totalInvestment: '12000', statusHistory: [{ status: '在谈', period: '2024-01' }, { status: '终止', period: '2024-04' }] }),
    ];
    expect(projectSourceValue(projects, 'signed', '2024-03')).toBe('2');
    expect(projectSourceValue(projects, 'signed', '2024-04')).toBe('0');
    expect(projectSourceValue(projects, 'signedInvestment', '2024-03')).toBe('33000.5');
    expect(projectSourceValue(projects, 'status:签约', '2024-05')).toBe('2');
    expect(projectSourceValue(projects, 'status:签约', '2024-06')).toBe('1');
    expect(projectSourceValue(projects, 'status:开工', '2024-06')).toBe('1');
    expect(projectSourceValue(projects, 'status:终止', '2024-06')).toBe('1');
    // 亿元以上 under way: project 1 (2.5亿) from its signing; project 3 (1.2亿) never signed.
    expect(projectSourceValue(projects, 'large', '2024-02')).toBe('0');
    expect(projectSourceValue(projects, 'large', '2024-06')).toBe('1');
    expect(projectSourceValue(projects, 'investment', '2024-06')).toBe('1000.5');
  });
});
