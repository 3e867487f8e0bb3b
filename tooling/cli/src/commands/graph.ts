// uk graph [appdir] [--target t] [-o file] [--builtin]: the resolved
// dependency graph of one image, as Graphviz DOT and SVG.
//
// Nodes: the app, the platform, every library and every API in the image.
// Edges: app → what it uses (depends), library → API or library (requires),
// implementation → API (implements, dashed). The SVG comes from `dot -Tsvg`
// when Graphviz is installed, else from the small layered layout below, so
// the command works on any machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { ResolvedImage } from '@uk/build';
import { findOnPath } from '@uk/build/lookup';
import { displayPath, resolveAppDir } from '../paths.js';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';

export type GraphNodeKind = 'app' | 'platform' | 'lib' | 'api';
export type GraphEdgeKind = 'depends' | 'requires' | 'implements';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Lines of the label: name@version, then a detail line. */
  label: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: GraphEdgeKind;
}

export interface GraphModel {
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphCommandOptions {
  target?: string | undefined;
  output?: string | undefined;
  builtin?: boolean | undefined;
}

/** The graph of a resolved image; nodes and edges sorted, so output is stable. */
export function graphOf(image: ResolvedImage): GraphModel {
  const nodes = new Map<string, GraphNode>();
  for (const lib of image.libs) {
    const detail = lib.kind === 'lib' ? (lib.features.length ? `features: ${lib.features.join(', ')}` : '') : lib.kind;
    nodes.set(lib.name, { id: lib.name, kind: lib.kind, label: [`${lib.name}@${lib.version}`, ...(detail ? [detail] : [])] });
  }
  for (const api of image.apis.values()) {
    nodes.set(api.name, { id: api.name, kind: 'api', label: [`${api.name}@${api.version}`, `API, ${api.manifest.cardinality}`] });
  }
  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, kind: GraphEdgeKind): void => {
    if (from === to || !nodes.has(from) || !nodes.has(to)) return;
    const key = `${from}\0${to}`;
    // One edge per pair; "implements" says more than "requires".
    if (!edges.has(key) || kind === 'implements') edges.set(key, { from, to, kind });
  };
  for (const lib of image.libs) {
    const kind: GraphEdgeKind = lib.kind === 'app' ? 'depends' : 'requires';
    for (const r of lib.requires) add(lib.name, r, kind);
    if (lib.kind === 'app') for (const d of lib.node.direct) add(lib.name, d, 'depends');
    for (const api of lib.implements) add(lib.name, api, 'implements');
  }
  for (const api of image.apis.values()) for (const r of api.manifest.requires) add(api.name, r, 'requires');
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    title: `${image.app.name} for ${image.target}`,
    nodes: [...nodes.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)),
  };
}

const dotEscape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const dotString = (s: string): string => `"${dotEscape(s)}"`;

/** One palette for the DOT and the built-in SVG. */
const FILL: Record<GraphNodeKind, string> = { app: '#dbe9ff', platform: '#ffe8c2', lib: '#eeeeee', api: '#d9f2d9' };
const STROKE: Record<GraphEdgeKind, string> = { depends: '#3366cc', requires: '#444444', implements: '#2e8b57' };

const DOT_NODE: Record<GraphNodeKind, string> = {
  app: `shape=box, style="rounded,filled,bold", fillcolor="${FILL.app}"`,
  platform: `shape=box, style="filled", fillcolor="${FILL.platform}"`,
  lib: `shape=box, style="filled", fillcolor="${FILL.lib}"`,
  api: `shape=ellipse, style="filled", fillcolor="${FILL.api}"`,
};
const DOT_EDGE: Record<GraphEdgeKind, string> = {
  depends: `color="${STROKE.depends}"`,
  requires: `color="${STROKE.requires}"`,
  implements: `style=dashed, arrowhead=empty, color="${STROKE.implements}"`,
};

export function toDot(g: GraphModel): string {
  const lines = [
    `digraph ${dotString(g.title)} {`,
    `  label=${dotString(g.title)}; labelloc=t; rankdir=TB;`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of g.nodes) lines.push(`  ${dotString(n.id)} [label="${n.label.map(dotEscape).join('\\n')}", ${DOT_NODE[n.kind]}];`);
  for (const e of g.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${DOT_EDGE[e.kind]}, tooltip=${dotString(e.kind)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---- built-in layered layout -------------------------------------------

export interface LaidOutNode extends GraphNode {
  layer: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

const CHAR_W = 6.6;
const NODE_H = 38;
const LAYER_GAP = 70;
const NODE_GAP = 24;
const MARGIN = 20;
const TITLE_H = 28;

/**
 * Layers by longest path from the roots (edges closing a cycle ignored),
 * order within a layer by the mean position of predecessors (a few sweeps),
 * then packed left to right and centred.
 */
export function layout(g: GraphModel): { nodes: Map<string, LaidOutNode>; width: number; height: number } {
  const out = new Map<string, string[]>();
  for (const n of g.nodes) out.set(n.id, []);
  for (const e of g.edges) out.get(e.from)!.push(e.to);

  // Topological order by DFS; back edges (cycles) do not constrain layers.
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const back = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 1);
    for (const to of out.get(id)!) {
      const s = state.get(to);
      if (s === 1) back.add(`${id}\0${to}`);
      else if (s === undefined) visit(to);
    }
    state.set(id, 2);
    order.push(id);
  };
  for (const n of g.nodes) if (!state.has(n.id)) visit(n.id);
  order.reverse();

  const layer = new Map<string, number>(g.nodes.map((n) => [n.id, 0]));
  for (const id of order) {
    for (const to of out.get(id)!) {
      if (back.has(`${id}\0${to}`)) continue;
      layer.set(to, Math.max(layer.get(to)!, layer.get(id)! + 1));
    }
  }
  const layers: string[][] = [];
  for (const n of g.nodes) (layers[layer.get(n.id)!] ??= []).push(n.id);
  for (const l of layers) l?.sort();

  const preds = new Map<string, string[]>(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) preds.get(e.to)!.push(e.from);
  const pos = new Map<string, number>();
  const index = (): void => layers.forEach((l) => l?.forEach((id, i) => pos.set(id, i)));
  index();
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const l of layers.slice(1)) {
      if (!l) continue;
      const bary = (id: string): number => {
        const p = preds.get(id)!.filter((q) => (layer.get(q) ?? 0) < (layer.get(id) ?? 0));
        return p.length ? p.reduce((s, q) => s + pos.get(q)!, 0) / p.length : pos.get(id)!;
      };
      const b = new Map(l.map((id) => [id, bary(id)]));
      l.sort((a, c) => b.get(a)! - b.get(c)! || (a < c ? -1 : 1));
      l.forEach((id, i) => pos.set(id, i));
    }
  }

  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const widthOf = (n: GraphNode): number => Math.ceil(Math.max(...n.label.map((s) => s.length)) * CHAR_W + (n.kind === 'api' ? 36 : 20));
  const rowWidths = layers.map((l) => (l ?? []).reduce((s, id) => s + widthOf(byId.get(id)!), 0) + Math.max(0, (l?.length ?? 0) - 1) * NODE_GAP);
  const width = Math.max(240, ...rowWidths, g.title.length * 8) + 2 * MARGIN;
  const nodes = new Map<string, LaidOutNode>();
  layers.forEach((l, li) => {
    let x = (width - rowWidths[li]!) / 2;
    for (const id of l ?? []) {
      const n = byId.get(id)!;
      const w = widthOf(n);
      nodes.set(id, { ...n, layer: li, x, y: MARGIN + TITLE_H + li * (NODE_H + LAYER_GAP), w, h: NODE_H });
      x += w + NODE_GAP;
    }
  });
  const height = MARGIN * 2 + TITLE_H + layers.length * NODE_H + Math.max(0, layers.length - 1) * LAYER_GAP;
  return { nodes, width: Math.ceil(width), height };
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A standalone SVG of the graph, laid out without Graphviz. */
export function toSvg(g: GraphModel): string {
  const { nodes, width, height } = layout(g);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<title>${xml(g.title)}</title>`,
    '<defs>',
    ...(['depends', 'requires', 'implements'] as const).map(
      (k) =>
        `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
        `<path d="M0,0 L10,5 L0,10 z" fill="${k === 'implements' ? 'white' : STROKE[k]}" stroke="${STROKE[k]}"/></marker>`,
    ),
    '</defs>',
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${num(width / 2)}" y="${MARGIN + 12}" text-anchor="middle" font-size="14" font-weight="bold">${xml(g.title)}</text>`,
  ];
  for (const e of g.edges) {
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    const dash = e.kind === 'implements' ? ' stroke-dasharray="5,3"' : '';
    let d: string;
    if (b.layer > a.layer) {
      const x1 = a.x + a.w / 2, y1 = a.y + a.h, x2 = b.x + b.w / 2, y2 = b.y;
      d = `M${num(x1)},${num(y1)} C${num(x1)},${num(y1 + LAYER_GAP / 2)} ${num(x2)},${num(y2 - LAYER_GAP / 2)} ${num(x2)},${num(y2)}`;
    } else {
      // Same layer or upwards (a cycle): loop out to the right of both.
      const x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x + b.w, y2 = b.y + b.h / 2;
      const bulge = Math.max(x1, x2) + 40;
      d = `M${num(x1)},${num(y1)} C${num(bulge)},${num(y1)} ${num(bulge)},${num(y2)} ${num(x2)},${num(y2)}`;
    }
    out.push(`<path class="edge ${e.kind}" d="${d}" fill="none" stroke="${STROKE[e.kind]}"${dash} marker-end="url(#arrow-${e.kind})"><title>${xml(`${e.from} ${e.kind} ${e.to}`)}</title></path>`);
  }
  for (const n of nodes.values()) {
    const cx = n.x + n.w / 2;
    const shape =
      n.kind === 'api'
        ? `<ellipse cx="${num(cx)}" cy="${num(n.y + n.h / 2)}" rx="${num(n.w / 2)}" ry="${num(n.h / 2)}"`
        : `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.w)}" height="${n.h}" rx="${n.kind === 'app' ? 8 : 2}"`;
    const stroke = n.kind === 'app' ? ' stroke-width="2"' : '';
    out.push(`<g class="node ${n.kind}"><title>${xml(n.id)}</title>${shape} fill="${FILL[n.kind]}" stroke="#333"${stroke}/>`);
    const lines = n.label;
    const top = n.y + n.h / 2 - (lines.length - 1) * 6.5 + 4;
    lines.forEach((t, i) => {
      const style = i === 0 ? ' font-weight="bold"' : ' fill="#555" font-size="9.5"';
      out.push(`<text x="${num(cx)}" y="${num(top + i * 13)}" text-anchor="middle"${style}>${xml(t)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Graphviz's SVG when `dot` is on PATH (and not refused), else the built-in one. */
export async function renderSvg(g: GraphModel, dot: string, opts: { builtin?: boolean | undefined } = {}): Promise<{ svg: string; via: 'graphviz' | 'builtin' }> {
  const bin = opts.builtin ? undefined : findOnPath('dot');
  if (bin) {
    const r = await execa(bin, ['-Tsvg'], { input: dot, reject: false });
    if (r.exitCode === 0 && r.stdout.includes('<svg')) return { svg: r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n', via: 'graphviz' };
  }
  return { svg: toSvg(g), via: 'builtin' };
}

/** `-o x`, `-o x.dot` and `-o x.svg` all write x.dot and x.svg. */
export function outputBase(file: string): string {
  return file.replace(/\.(dot|gv|svg)$/i, '');
}

export async function graphCommand(ctx: CliContext, appdir: string | undefined, opts: GraphCommandOptions): Promise<number> {
  const appDir = resolveAppDir(ctx, appdir);
  const { resolveApp, outDirOf } = await plugin();
  const image = await resolveApp(appDir, opts.target);
  const g = graphOf(image);
  const base = opts.output ? outputBase(path.resolve(ctx.cwd, opts.output)) : path.join(outDirOf(appDir, image.target), 'graph');
  const dot = toDot(g);
  const { svg, via } = await renderSvg(g, dot, { builtin: opts.builtin });
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(`${base}.dot`, dot);
  writeFileSync(`${base}.svg`, svg);
  ctx.stdout.write(
    `wrote ${displayPath(ctx, `${base}.dot`)} and ${displayPath(ctx, `${base}.svg`)} ` +
      `(${g.nodes.length} nodes, ${g.edges.length} edges; SVG by ${via === 'graphviz' ? 'Graphviz dot' : 'the built-in layout'})\n`,
  );
  return 0;
}
