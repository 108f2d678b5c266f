import { useEffect, useRef } from 'react';
import type { ChartConfiguration, ChartType } from 'chart.js';

const loadKit = () => import('./chart-kit');

/** Starts downloading chart.js beside the first data request, so the first charts do not wait for it. */
export function preloadCharts(): void {
  void loadKit().catch(() => undefined);
}

export interface ChartProps<T extends ChartType> {
  config: ChartConfiguration<T>;
  /** What the picture shows, for screen readers (a data table follows every chart). */
  label: string;
  /** CSS height class: `dash-chart--short` or `dash-chart--tall`; the default suits most. */
  size?: 'short' | 'tall';
  /** Called once the chart is drawn. */
  onDrawn?: () => void;
}

/** One chart.js chart on a canvas, created after chart.js has loaded and destroyed with the component. */
export function ChartView<T extends ChartType>({ config, label, size, onDrawn }: ChartProps<T>) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;
  const key = JSON.stringify(config.data);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    loadKit().then(
      ({ Chart }) => {
        if (cancelled || !canvas.current) return;
        chart = new Chart(canvas.current, config as ChartConfiguration);
        drawn.current?.();
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // Redrawn when the figures change; the options are fixed per chart.
  }, [key]);
  return (
    <div className={`dash-chart${size ? ` dash-chart--${size}` : ''}`}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
