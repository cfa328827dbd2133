// Charts with uPlot (served from its webjar in the jar: /console/vendor/uplot/).
import uPlot from '../vendor/uplot/uPlot.esm.js';

const COLOURS = ['#2f6fed', '#c62828', '#2e7d32', '#b26a00', '#7b1fa2', '#00838f', '#5d4037', '#455a64'];

/**
 * A time chart: x are Unix seconds, series [{label, values, bars?, scale?}]. Returns the element; the chart
 * follows the width of its container.
 */
export function timeChart(title, x, series, options) {
  const box = document.createElement('div');
  box.className = 'card chart';
  box.dataset.chart = (options && options.id) || title;
  const heading = document.createElement('h2');
  heading.textContent = title;
  box.append(heading);
  const bars = uPlot.paths.bars({ size: [0.7, 40] });
  const opts = {
    width: 560, height: 220,
    scales: { x: { time: !(options && options.categories) } },
    axes: [options && options.categories
      ? { values: (u, splits) => splits.map((i) => options.categories[i] ?? '') , space: 60 }
      : {}, { label: options && options.unit, size: 70 }],
    series: [{}].concat(series.map((s, i) => ({
      label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2,
      fill: s.bars ? COLOURS[i % COLOURS.length] + '99' : undefined,
      paths: s.bars ? bars : undefined, points: { show: !s.bars },
    }))),
    legend: { show: true },
  };
  const data = [x].concat(series.map((s) => s.values));
  requestAnimationFrame(() => {
    opts.width = Math.max(300, box.clientWidth - 32);
    const plot = new uPlot(opts, data, box);
    box.dataset.points = String(x.length);
    box.plot = plot;
  });
  return box;
}
