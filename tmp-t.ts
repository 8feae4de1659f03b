import { chartPng, chartSvg } from './adapters/charts/render-chart.js';
import { pollTopicsChart } from './src/views/chart.js';
import { translator } from './src/i18n/translator.js';
const tr = translator('fi');
const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 1, text: `Aihe numero ${i + 1}: yksinäisyys ja yhteisöt`, votes: (i * 37) % 101 }));
const small = pollTopicsChart(tr, { id: 'P1', question: 'Pieni' }, topics(2), [1], 100);
for (let i = 0; i < 3; i++) { let t = performance.now(); const s = chartSvg(small); const a = performance.now() - t; t = performance.now(); chartPng(small); console.log(a.toFixed(0), (performance.now() - t).toFixed(0), s.length, /width="(\d+)" height="(\d+)"/.exec(s)?.slice(1)); }
