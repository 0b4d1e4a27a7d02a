import { type Database } from 'better-sqlite3';

/**
 * The county around the demo park, so a newcomer sees 汇总 and the unit comparison at once:
 * 武清区 above three parks (京滨工业园 of seed 000 and two more) and two townships. Everything but
 * 京滨工业园's own figures is illustrative; the names are places of the seed's district.
 */
export const DEMO_COUNTY = { code: '000', name: '武清区' } as const;

/** The county's units other than the seed park (code 001, made by the starter catalog). */
export const DEMO_SIBLINGS: ReadonlyArray<{ code: string; name: string }> = [
  { code: '002', name: '京津科技谷产业园' },
  { code: '003', name: '武清汽车产业园' },
  { code: '101', name: '梅厂镇' },
  { code: '102', name: '大碱厂镇' },
];

/**
 * Puts the county above the seed park and adds the other parks and townships under it; returns
 * unit id by code. The seed park stays first among the county's units (sort order 1).
 */
export function addDemoCounty(db: Database): Map<string, number> {
  const county = Number(db.prepare('INSERT INTO reporting_units (code, name, sort_order) VALUES (?, ?, 0)').run(DEMO_COUNTY.code, DEMO_COUNTY.name).lastInsertRowid);
  db.prepare("UPDATE reporting_units SET parent_id = ? WHERE code = '001'").run(county);
  const insert = db.prepare('INSERT INTO reporting_units (code, name, parent_id, sort_order) VALUES (?, ?, ?, ?)');
  DEMO_SIBLINGS.forEach((unit, i) => insert.run(unit.code, unit.name, county, i + 2));
  const rows = db.prepare('SELECT id, code FROM reporting_units').all() as { id: number; code: string }[];
  return new Map(rows.map((r) => [r.code, r.id]));
}
