import { z } from 'zod';

/** zod's type names in the words a clerk reads (zod's own zh-CN locale leaves most in English). */
const TYPE_WORDS: Record<string, string> = {
  string: '文本',
  number: '数字',
  nan: '非数字',
  int: '整数',
  bigint: '整数',
  boolean: '是/否',
  object: '对象',
  array: '列表',
  null: '空值',
  undefined: '空',
  date: '日期',
  function: '函数',
  symbol: '符号',
  map: '映射',
  set: '集合',
  file: '文件',
};

const SIZE_UNITS: Record<string, string> = { string: '个字符', array: '项', set: '项', map: '项', file: '字节' };

function typeWord(type: string): string {
  return TYPE_WORDS[type] ?? '其他类型';
}

function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

const zhCN = z.locales.zhCN().localeError;

/**
 * The schema refusal wording of every host: zod's zh-CN locale, with the type names, sizes and
 * keys it leaves in English (“期望 object，实际接收 string”) put in Chinese. Installed once by the
 * contract (`z.config`).
 */
export const schemaLocale: z.core.$ZodConfig = {
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return `应为${typeWord(String(issue.expected))}，实际为${typeWord(receivedType(issue.input))}`;
      case 'too_big': {
        const unit = SIZE_UNITS[issue.origin ?? ''];
        return unit ? `过长：最多 ${String(issue.maximum)} ${unit}` : `数值过大：最大为 ${String(issue.maximum)}`;
      }
      case 'too_small': {
        const unit = SIZE_UNITS[issue.origin ?? ''];
        if (unit && Number(issue.minimum) === 1) return '不能为空';
        return unit ? `过短：至少 ${String(issue.minimum)} ${unit}` : `数值过小：最小为 ${String(issue.minimum)}`;
      }
      case 'unrecognized_keys':
        return `含有不认识的项：${issue.keys.join('、')}`;
      case 'invalid_value':
        // The allowed values are codes (“open”、“create”): quoted, as file names are.
        return `应为以下之一：${issue.values.map((v) => `“${String(v)}”`).join('、')}`;
      case 'invalid_format':
        return '格式不正确';
      case 'invalid_key':
      case 'invalid_element':
        return '含有无效的值';
      default:
        return zhCN?.(issue) ?? '无效输入';
    }
  },
};
