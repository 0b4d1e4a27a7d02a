import { describe, expect, it } from 'vitest';
import { checkTitleCell, classifyImportedCell, type ImportedCell } from './import-classify.js';
import { type TemplateBinding } from './template-binding.js';

const binding = (over: Partial<TemplateBinding> = {}): TemplateBinding => ({
  sheet: '工业月报',
  cell: 'C5',
  indicatorId: 1,
  figure: 'cumulative',
  unit: null,
  periodOffset: 0,
  ...over,
});

function classify(cell: ImportedCell, current: string | null, over: Partial<TemplateBinding> = {}, indicatorUnit = '万元') {
  const { status, value, message } = classifyImportedCell(binding(over), cell, current, indicatorUnit);
  return { status, value, message };
}

describe('classifyImportedCell', () => {
  it('new / changed / unchanged on exact decimals', () => {
    expect(classify({ kind: 'number', value: '86330.25' }, null)).toMatchObject({ status: 'new', value: '86330.25' });
    expect(classify({ kind: 'number', value: '86330.250' }, '86330.25')).toMatchObject({ status: 'unchanged' });
    expect(classify({ kind: 'number', value: '86330.26' }, '86330.25')).toMatchObject({ status: 'changed', value: '86330.26' });
  });

  it('parses text forms and converts units', () => {
    expect(classify({ kind: 'text', text: '1,234.5' }, null)).toMatchObject({ status: 'new', value: '1234.5' });
    expect(classify({ kind: 'text', text: '１２３' }, '123')).toMatchObject({ status: 'unchanged' });
    const converted = classify({ kind: 'text', text: '86.33亿元' }, null);
    expect(converted).toMatchObject({ status: 'new', value: '863300' });
    expect(converted.message).toContain('换算');
    expect(classify({ kind: 'number', value: '86.33' }, null, { unit: '亿元' })).toMatchObject({ value: '863300' });
  });

  it('treats placeholders as no figure', () => {
    expect(classify({ kind: 'text', text: '—' }, null)).toMatchObject({ status: 'unchanged', value: null });
    expect(classify({ kind: 'text', text: '/' }, '5')).toMatchObject({ status: 'changed', value: null });
  });

  it('reports problems with the cell named', () => {
    const approximate = classify({ kind: 'text', text: '约100' }, null);
    expect(approximate.status).toBe('problem');
    expect(approximate.message).toContain('C5');
    const wrongUnit = classify({ kind: 'text', text: '12家' }, null);
    expect(wrongUnit.status).toBe('problem');
    expect(wrongUnit.message).toContain('单位');
    expect(classify({ kind: 'error', code: '#DIV/0!' }, null)).toMatchObject({ status: 'problem' });
    expect(classify({ kind: 'empty' }, '5')).toMatchObject({ status: 'problem' });
    expect(classify({ kind: 'empty' }, null)).toMatchObject({ status: 'unchanged' });
  });

  it('a blank 备注 keeps the stored note instead of deleting it', () => {
    expect(classify({ kind: 'empty' }, '新投产3家', { figure: 'note' })).toMatchObject({ status: 'unchanged', value: '新投产3家' });
    expect(classify({ kind: 'text', text: '  ' }, '新投产3家', { figure: 'note' })).toMatchObject({ status: 'unchanged', value: '新投产3家' });
    expect(classify({ kind: 'empty' }, null, { figure: 'note' })).toMatchObject({ status: 'unchanged', value: null });
  });

  it('imports notes as text', () => {
    expect(classify({ kind: 'text', text: ' 新投产3家 ' }, null, { figure: 'note' })).toMatchObject({ status: 'new', value: '新投产3家' });
  });
});

describe('checkTitleCell', () => {
  it('flags a wrong period or unit', () => {
    expect(checkTitleCell('2024年11月园区主要经济指标完成情况', { period: '2024-11', unit: '万元' })).toEqual([]);
    expect(checkTitleCell('2024年1-10月园区主要经济指标', { period: '2024-11', unit: null })[0]).toContain('2024年10月');
    expect(checkTitleCell('填报单位：某园区　单位：亿元', { period: '2024-11', unit: '万元' })[0]).toContain('亿元');
  });
});
