/**
 * No import cycle, neither between two files nor between two areas. Areas: the server's top
 * folders (`http`, `db`, `domain`…) and files; each `modules/<area>` as two layers, its HTTP edge
 * (`*routes.ts`, `schemas.ts`, `admin-page.ts`: they parse and answer) and its services (the rules),
 * so routes may use `http/` whose guards use services, but no service may reach `http/`; the
 * widget's `components/<element>`, `admin/<area>` and top folders. `deps.ts`, the container that
 * names every dependency's interface and that every area is handed, stands outside the graph.
 * dependency-cruiser reads the imports (type-only ones included: a cycle of types is still two
 * areas that cannot be understood one without the other); the area graph is checked here.
 * `server/src/contracts`, the API's shapes that the widget imports too, imports only itself.
 */
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
// A folder, or a file standing at the top of server/src or widget/src (app.ts, deps.ts, errors.ts…).
const AREA = /^(server\/src\/(?:modules\/[^/]+\/|[^/]+\/|[^/]+$)|widget\/src\/(?:components\/[^/]+\/|admin\/[^/]+\/|[^/]+\/|[^/]+$))/;

const EDGE = /^server\/src\/modules\/[^/]+\/(?:[\w-]*routes|schemas|admin-page)\.ts$/;
const CONTAINER = 'server/src/deps.ts';
const { output } = await cruise(['server/src', 'widget/src'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
const problems = [];

for (const module of output.modules) {
  if (!/^server\/src\/modules\//.test(module.source) || EDGE.test(module.source)) continue;
  for (const dependency of module.dependencies) {
    if (dependency.resolved.startsWith('server/src/http/')) problems.push(`un service importe http/ : ${module.source} → ${dependency.resolved}`);
  }
}

for (const module of output.modules) {
  if (!module.source.startsWith('server/src/contracts/')) continue;
  for (const dependency of module.dependencies) {
    if (!dependency.resolved.startsWith('server/src/contracts/')) problems.push(`un contrat importe hors de contracts/ : ${module.source} → ${dependency.resolved}`);
  }
}

for (const violation of output.summary.violations) {
  problems.push(`cycle de fichiers : ${[violation.from, ...(violation.cycle ?? [violation.to]).map((step) => step.name ?? step)].join(' → ')}`);
}

const areaOf = (path) => {
  if (path === CONTAINER) return undefined;
  const area = AREA.exec(path)?.[1].replace(/\/$/, '');
  return area && EDGE.test(path) ? `${area} (routes)` : area;
};
const edges = new Map();
const witness = new Map();
for (const module of output.modules) {
  const from = areaOf(module.source);
  if (!from) continue;
  if (!edges.has(from)) edges.set(from, new Set());
  for (const dependency of module.dependencies) {
    const to = areaOf(dependency.resolved);
    if (!to || to === from) continue;
    edges.get(from).add(to);
    if (!witness.has(`${from} ${to}`)) witness.set(`${from} ${to}`, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: any component of two areas or more is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const components = [];
const visit = (area) => {
  const node = { index, low: index, onStack: true };
  index += 1;
  state.set(area, node);
  stack.push(area);
  for (const next of edges.get(area) ?? []) {
    if (!state.has(next)) {
      visit(next);
      node.low = Math.min(node.low, state.get(next).low);
    } else if (state.get(next).onStack) node.low = Math.min(node.low, state.get(next).index);
  }
  if (node.low === node.index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== area);
    if (component.length > 1) components.push(component);
  }
};
for (const area of edges.keys()) if (!state.has(area)) visit(area);

for (const component of components) {
  const inside = new Set(component);
  const links = component.flatMap((from) => [...(edges.get(from) ?? [])].filter((to) => inside.has(to)).map((to) => `    ${witness.get(`${from} ${to}`)}`));
  problems.push(`cycle entre dossiers : ${component.sort().join(', ')}\n${links.join('\n')}`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`Imports : aucun cycle (${output.summary.totalCruised} fichiers, ${edges.size} dossiers).`);
