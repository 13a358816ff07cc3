// autoswe web page: the trend charts. Fetches /api/trend (the same model as `autoswe trend --json`) and
// draws GREEN over time and cost over time with uPlot, served from the package (no CDN). Redrawn every
// minute and when the status region changes (a new verdict).

const facts = document.getElementById('trend-facts');
const charts = [];

function seconds(at) {
  return Date.parse(at) / 1000;
}

function chartWidth(element) {
  return Math.max(280, Math.min(640, element.parentElement.clientWidth || 480));
}

function draw(element, label, color, xs, ys, yMax) {
  element.textContent = '';
  const options = {
    width: chartWidth(element),
    height: 200,
    scales: { x: { time: true }, y: yMax === undefined ? {} : { range: [0, yMax] } },
    series: [{}, { label, stroke: color, width: 2, fill: `${color}22` }],
    axes: [{}, {}],
  };
  charts.push(new uPlot(options, [xs, ys], element));
  element.dataset.points = String(xs.length);
}

function describe(trend) {
  const rate = (figures) =>
    figures.cells_per_hour === null ? '-' : `${figures.cells_per_hour.toFixed(1)} cells/h`;
  const finish =
    trend.expected_finish === null
      ? 'unknown'
      : `${trend.expected_finish.at.replace('T', ' ').slice(0, 16)} UTC`;
  const spent = trend.cost.length === 0 ? 0 : trend.cost[trend.cost.length - 1].usd;
  return `${trend.green}/${trend.total} GREEN · last 6 h ${rate(trend.last_6h)} · last 24 h ${rate(trend.last_24h)} · REVERT rate ${trend.revert_rate === null ? '-' : `${Math.round(trend.revert_rate * 100)}%`} · spent $${spent.toFixed(2)} · expected finish ${finish}`;
}

async function load() {
  const green = document.getElementById('chart-green');
  const cost = document.getElementById('chart-cost');
  if (!green || !cost || typeof uPlot === 'undefined') return;
  const response = await fetch('/api/trend', { cache: 'no-store' });
  if (!response.ok) {
    if (facts) facts.textContent = `cannot read /api/trend: HTTP ${response.status}`;
    return;
  }
  const trend = await response.json();
  for (const chart of charts.splice(0)) chart.destroy();
  if (facts) facts.textContent = describe(trend);
  if (trend.points.length === 0) green.textContent = 'no verdicts yet';
  else
    draw(
      green,
      'GREEN',
      '#2e7d32',
      trend.points.map((point) => seconds(point.at)),
      trend.points.map((point) => point.green),
      trend.total || undefined,
    );
  if (trend.cost.length === 0) cost.textContent = 'no agent session recorded yet';
  else
    draw(
      cost,
      'USD',
      '#1565c0',
      trend.cost.map((point) => seconds(point.at)),
      trend.cost.map((point) => point.usd),
    );
  document.getElementById('trend')?.setAttribute('data-drawn', trend.at);
}

load().catch((error) => {
  if (facts) facts.textContent = `cannot draw the trend: ${error}`;
});
setInterval(() => load().catch(() => undefined), 60_000);
// app.js passes on what the live feed said changed: only a new verdict (or cost with it) moves the trend,
// not the heartbeat or state writes that refresh the status region every few seconds.
document.addEventListener('autoswe:change', (event) => {
  if (event.detail?.includes('verdicts')) load().catch(() => undefined);
});
