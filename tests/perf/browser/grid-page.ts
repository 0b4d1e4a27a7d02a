/// <reference types="vite/client" />
/**
 * The benchmark page: the app's real grid adapter (mountStatGrid, Handsontable 17 and the
 * app's stylesheet) on a synthetic model, built by Vite like the renderer. It exposes
 * `window.statbenchBench` for tests/perf/browser-bench.ts to drive.
 */
import '../../../renderer/src/styles/app.css';
import { type GridCellSpec, type GridCellStyle, type GridModel, type StatGridHandlers } from '../../../renderer/src/grid/grid-model.js';

/** The part of renderer/src/grid/stat-grid.ts the benchmark drives. */
interface StatGrid {
  setModel(model: GridModel): void;
  select(row: number, col: number): void;
  destroy(): void;
}

/**
 * The adapter is bundled by Vite through import.meta.glob rather than a static import, so that
 * `npm run typecheck` (tests/tsconfig.json, NodeNext resolution) does not type-check the
 * renderer's Handsontable code, which only compiles under the renderer's Bundler resolution.
 */
const adapters = import.meta.glob<{ mountStatGrid(container: HTMLElement, handlers: StatGridHandlers, initial?: GridModel): StatGrid }>('../../../renderer/src/grid/stat-grid.ts', { eager: true });
const adapter = Object.values(adapters)[0];
if (!adapter) throw new Error('renderer/src/grid/stat-grid.ts not found');
const { mountStatGrid } = adapter;

/** What a developer using Handsontable alone would write: the library's own constructor, through the same bundle. */
interface BareHandsontable {
  destroy(): void;
}
const cores = import.meta.glob<{ default: new (container: HTMLElement, settings: Record<string, unknown>) => BareHandsontable }>('../../../node_modules/handsontable/base.mjs', { eager: true });
const BareCore = Object.values(cores)[0]?.default;
if (!BareCore) throw new Error('handsontable/base.mjs not found');

/** Frame timing of a rAF-driven run. */
export interface FrameRun {
  frames: number;
  fps: number;
  maxFrameMs: number;
  over50ms: number;
  scrolledPx: number;
}

export interface BenchApi {
  /** ms from a trivial DOM write to the frame that shows it: the floor of any "to painted". */
  paintBaseline(): Promise<number>;
  /**
   * The baseline of first paint: a bare Handsontable mount of the same rows × cols texts (headers,
   * widths, theme, the box the app gives the grid), as a developer using Handsontable alone gets.
   */
  mountBare(rows: number, cols: number): Promise<{ scriptMs: number; paintMs: number; renderedCells: number }>;
  /** Mounts the grid with a rows × cols model; ms of script work and ms until painted. */
  mountGrid(rows: number, cols: number): Promise<{ scriptMs: number; paintMs: number; renderedCells: number }>;
  /** Scrolls the mounted grid down by `pxPerFrame` every frame for `durationMs`. */
  scroll(durationMs: number, pxPerFrame: number): Promise<FrameRun>;
  /** The same rAF loop with nothing to do: the page's own frame rate. */
  idleFrames(durationMs: number): Promise<FrameRun>;
}

declare global {
  interface Window {
    statbenchBench: BenchApi;
  }
}

/**
 * Resolves after the next frame has been produced: rAF runs just before the frame's style,
 * layout and paint, and a message posted from it is delivered after them.
 */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

const STYLES: GridCellStyle[] = ['typed', 'derived', 'computed', 'empty', 'typed', 'typed'];

/** "1234567.8" → "1,234,567.8", as formatDecimal shows amounts; toLocaleString is far too slow for 400k cells. */
function thousands(value: number): string {
  const [whole = '0', fraction = '0'] = value.toFixed(1).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

function syntheticModel(rows: number, cols: number): GridModel {
  const columns = Array.from({ length: cols }, (_, c) =>
    c === 0 ? { title: '指标名称', width: 230, numeric: false } : { title: `${c}月`, width: 96, numeric: true },
  );
  const grid: GridCellSpec[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: GridCellSpec[] = [{ text: `规模以上工业分项指标${r + 1}`, editable: false, style: 'label', indent: r % 5 === 0 ? 0 : 1 }];
    for (let c = 1; c < cols; c++) {
      const style = STYLES[(r * 7 + c) % STYLES.length] ?? 'typed';
      const value = ((r * 7919 + c * 104729) % 10_000_000) / 10;
      row.push({ text: style === 'empty' ? '' : thousands(value), editable: style === 'typed', style });
    }
    grid.push(row);
  }
  return { columns, rows: grid };
}

async function frameLoop(durationMs: number, step: () => number): Promise<FrameRun> {
  const stamps: number[] = [];
  let scrolled = 0;
  await new Promise<void>((resolve) => {
    const tick = (ts: number): void => {
      stamps.push(ts);
      if (ts - (stamps[0] ?? ts) >= durationMs) return resolve();
      scrolled += step();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const intervals = stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
  const span = (stamps.at(-1) ?? 0) - (stamps[0] ?? 0);
  return {
    frames: intervals.length,
    fps: (intervals.length / span) * 1000,
    maxFrameMs: Math.max(...intervals),
    over50ms: intervals.filter((d) => d > 50).length,
    scrolledPx: scrolled,
  };
}

let grid: StatGrid | null = null;
let bare: BareHandsontable | null = null;
const container = document.getElementById('grid') as HTMLElement;

window.statbenchBench = {
  async paintBaseline() {
    const probe = document.getElementById('probe') as HTMLElement;
    const t0 = performance.now();
    probe.textContent = String(t0);
    return (await afterNextPaint()) - t0;
  },
  async mountBare(rows, cols) {
    grid?.destroy();
    grid = null;
    bare?.destroy();
    const model = syntheticModel(rows, cols);
    // The bare mount is handed ready-made texts: building them is the app's work, not the library's.
    const data = model.rows.map((row) => row.map((cell) => cell.text));
    await afterNextPaint();
    const t0 = performance.now();
    bare = new BareCore(container, {
      licenseKey: 'non-commercial-and-evaluation',
      themeName: 'ht-theme-classic',
      data,
      rowHeaders: true,
      colHeaders: model.columns.map((c) => c.title),
      colWidths: model.columns.map((c) => c.width),
      height: '100%',
      width: '100%',
    });
    const scriptMs = performance.now() - t0;
    const paintMs = (await afterNextPaint()) - t0;
    return { scriptMs, paintMs, renderedCells: container.querySelectorAll('.ht_master tbody td').length };
  },
  async mountGrid(rows, cols) {
    bare?.destroy();
    bare = null;
    grid?.destroy();
    const model = syntheticModel(rows, cols);
    await afterNextPaint();
    const t0 = performance.now();
    // What EntryGrid.vue does on mount.
    // As the app's EntryGrid does: the first model goes in with the constructor.
    grid = mountStatGrid(container, { edit: () => undefined, undo: () => undefined, redo: () => undefined }, model);
    grid.select(0, 3);
    const scriptMs = performance.now() - t0;
    const paintMs = (await afterNextPaint()) - t0;
    return { scriptMs, paintMs, renderedCells: container.querySelectorAll('.ht_master tbody td').length };
  },
  scroll(durationMs, pxPerFrame) {
    const holder = container.querySelector<HTMLElement>('.ht_master .wtHolder');
    if (!holder) throw new Error('grid is not mounted');
    return frameLoop(durationMs, () => {
      const before = holder.scrollTop;
      holder.scrollTop = before + pxPerFrame;
      return holder.scrollTop - before;
    });
  },
  idleFrames(durationMs) {
    return frameLoop(durationMs, () => 0);
  },
};
