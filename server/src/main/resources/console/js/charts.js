// Charts with uPlot (served from its webjar in the jar: /console/vendor/uplot/).
import uPlot from '../vendor/uplot/uPlot.esm.js';

const COLOURS = ['#2f6fed', '#c62828', '#2e7d32', '#b26a00', '#7b1fa2', '#00838f', '#5d4037', '#455a64'];

/**
 * A time chart: x are Unix seconds at a regular step, series [{label, values, bars?}]. Returns the element; the
 * chart takes the width of its container when drawn.
 */
export function timeChart(title, x, series, options) {
  const box = document.createElement('div');
  box.className = 'card chart';
  box.dataset.chart = (options && options.id) || title;
  const heading = document.createElement('h2');
  heading.textContent = title;
  box.append(heading);
  const bars = uPlot.paths.bars({ size: [0.7, 40] });
  const step = x.length > 1 ? x[1] - x[0] : 3600;
  const opts = {
    width: 560, height: 220,
    // half a step of room on both sides, so that the first and last bars are drawn whole
    scales: { x: { time: true, range: (u, min, max) => [min - step / 2, max + step / 2] } },
    axes: [{}, { label: options && options.unit, size: 70 }],
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
