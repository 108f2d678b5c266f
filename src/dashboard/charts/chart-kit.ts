import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// chart.js, tree-shaken to the charts the dashboard draws. This module is only ever imported
// dynamically (charts/chart.tsx), so it is a chunk of its own that the first paint does not wait for.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

Chart.defaults.font.family =
  "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = '#4a5568';
// Figures are read, not watched: no animation (it also keeps screenshots and slow phones steady).
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export { Chart };
