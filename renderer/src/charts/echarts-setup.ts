/**
 * The parts of ECharts StatBench draws with, registered once. Imported only through
 * load-echarts.ts's dynamic import, so Vite puts this and ECharts in a chunk of their own that is
 * fetched with the first chart (never at start-up), and tree-shakes the chart types not listed.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };
