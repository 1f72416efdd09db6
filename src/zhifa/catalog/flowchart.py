"""Draws a procedure definition as an SVG flowchart on the server (P5): no script, no network.

Layout is a small Sugiyama-style layering: back edges (loops such as 补正 → 受理) are found by
depth-first search and drawn around the right side; the remaining DAG is layered by longest
path from the start; nodes within a layer are ordered by the barycentre of their predecessors.
"""

from collections import defaultdict
from xml.sax.saxutils import escape

from . import guards
from .procedures import describe_deadline

NODE_H = 48
LAYER_GAP = 46
NODE_GAP = 28
MARGIN = 24
CHAR_W = 14
AV_LABEL = {"required": "全程音像记录", "as_needed": "视情音像记录"}


DUMMY_W = 18


def _details(definition, stage) -> list[str]:
    details = [AV_LABEL[stage["av"]]] if stage.get("av") in AV_LABEL else []
    if stage.get("deadline"):
        details.append(describe_deadline(definition, stage["deadline"]))
    return details


def _width(definition, stage) -> int:
    details = _details(definition, stage)
    return max(120, CHAR_W * len(stage["name"]) + 32, 10 * len(details[0]) + 20 if details else 0)


def _back_edges(start, order, outgoing) -> set:
    back, state = set(), {}

    def visit(node):
        state[node] = 1
        for target in outgoing[node]:
            if state.get(target) == 1:
                back.add((node, target))
            elif target not in state:
                visit(target)
        state[node] = 2

    visit(start)
    for node in order:
        if node not in state:
            visit(node)
    return back


def layout(definition) -> tuple[dict, dict, list, int, int]:
    """Positions of stages, the route of every forward edge through its dummy nodes, the back edges, size."""
    stages = definition["stages"]
    order = [s["code"] for s in stages]
    outgoing = defaultdict(list)
    for t in definition.get("transitions", []):
        if t["to"] not in outgoing[t["from"]]:
            outgoing[t["from"]].append(t["to"])
    back = _back_edges(definition["start"], order, outgoing)
    layer = {code: 0 for code in order}
    forward = [(s, t) for s in order for t in outgoing[s] if (s, t) not in back]
    for _ in range(len(order)):  # longest path on a DAG: relax |V| times
        changed = False
        for s, t in forward:
            if layer[t] < layer[s] + 1:
                layer[t] = layer[s] + 1
                changed = True
        if not changed:
            break
    widths = {s["code"]: _width(definition, s) for s in stages}
    # An edge spanning several layers gets a dummy node on each layer it crosses, so that it is
    # routed around the stages in between instead of through them.
    routes, links = {}, []
    for s, t in forward:
        chain = [s]
        for depth in range(layer[s] + 1, layer[t]):
            dummy = f"·{s}·{t}·{depth}"
            layer[dummy] = depth
            widths[dummy] = DUMMY_W
            chain.append(dummy)
        chain.append(t)
        routes[(s, t)] = chain
        links.extend(zip(chain, chain[1:], strict=False))
    layers = defaultdict(list)
    for code in sorted(layer, key=lambda c: (layer[c], c.startswith("·"))):
        layers[layer[code]].append(code)
    predecessors = defaultdict(list)
    for a, b in links:
        predecessors[b].append(a)
    for _ in range(6):
        index = {c: i for lvl in layers.values() for i, c in enumerate(lvl)}
        for depth in sorted(layers)[1:]:
            def centre(code, _index=index):
                preds = predecessors[code]
                return sum(_index[p] for p in preds) / len(preds) if preds else _index[code]

            layers[depth].sort(key=centre)
    row_width = {d: sum(widths[c] for c in codes) + NODE_GAP * (len(codes) - 1) for d, codes in layers.items()}
    total_w = max(row_width.values())
    positions = {}
    for depth, codes in layers.items():
        x = MARGIN + (total_w - row_width[depth]) / 2
        y = MARGIN + depth * (NODE_H + LAYER_GAP)
        for code in codes:
            positions[code] = (x, y, widths[code])
            x += widths[code] + NODE_GAP
    loops = len(back)
    width = int(total_w + 2 * MARGIN + 30 * loops + (20 if loops else 0))
    height = int(MARGIN * 2 + (max(layers) + 1) * NODE_H + max(layers) * LAYER_GAP)
    return positions, routes, sorted(back), width, height


def _route_path(positions, chain) -> tuple[str, float, float]:
    x, y, w = positions[chain[0]]
    parts = [f"M{x + w / 2:.0f},{y + NODE_H:.0f}"]
    label_at = None
    for upper, lower in zip(chain, chain[1:], strict=False):
        ux, uy, uw = positions[upper]
        lx, ly, lw = positions[lower]
        sx, sy, tx, ty = ux + uw / 2, uy + NODE_H, lx + lw / 2, ly
        mid = (sy + ty) / 2
        parts.append(f"C{sx:.0f},{mid:.0f} {tx:.0f},{mid:.0f} {tx:.0f},{ty:.0f}")
        if lower.startswith("·"):
            parts.append(f"V{ty + NODE_H:.0f}")
        if label_at is None:
            label_at = ((sx + tx) / 2 + 4, mid)
    return " ".join(parts), *label_at


def _free_spot(placed, x, y, width, anchor, height=13):
    """Move an edge label down until it overlaps no label placed before it."""
    left = x - width if anchor == "end" else x
    for _ in range(6):
        if not any(left < px + pw + 8 and px < left + width + 8 and abs(y - py) < height for px, py, pw in placed):
            break
        y += height
    placed.append((left, y, width))
    return x, y


def render_svg(definition, *, title: str = "") -> str:
    positions, routes, back, width, height = layout(definition)
    by_code = {s["code"]: s for s in definition["stages"]}
    right = width - MARGIN - 30 * len(back)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title or "执法流程图")}" class="flowchart" font-family="sans-serif">',
        f"<title>{escape(title or '执法流程图')}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    ]
    loop_index = {edge: i for i, edge in enumerate(back)}
    placed = []
    for t in definition.get("transitions", []):
        x1, y1, w1 = positions[t["from"]]
        x2, y2, w2 = positions[t["to"]]
        tip = "；".join(guards.label(g) for g in t.get("guards", []))
        label = escape(t.get("name", ""))
        if (t["from"], t["to"]) in loop_index:
            # A loop runs in the gaps between layers and up a lane on the right, never across a stage.
            i = loop_index[(t["from"], t["to"])]
            lane = right + 20 + 30 * i
            below = y1 + NODE_H + LAYER_GAP * (0.3 + 0.1 * (i % 4))
            above = y2 - LAYER_GAP * (0.3 + 0.1 * (i % 4))
            sx, tx = x1 + w1 - 12 - 6 * (i % 3), x2 + w2 - 12 - 6 * (i % 3)
            path = f"M{sx:.0f},{y1 + NODE_H:.0f} V{below:.0f} H{lane:.0f} V{above:.0f} H{tx:.0f} V{y2:.0f}"
            lx, ly = lane - 4, (below + above) / 2
            anchor = "end"
        else:
            path, lx, ly = _route_path(positions, routes[(t["from"], t["to"])])
            anchor = "start"
        lx, ly = _free_spot(placed, lx, ly, 11 * len(t.get("name", "")), anchor)
        out.append(
            f'<g class="edge"><title>{label}{"：" + escape(tip) if tip else ""}</title>'
            f'<path d="{path}" fill="none" stroke="#444" stroke-width="1.4" marker-end="url(#arrow)"/>'
            f'<text x="{lx:.0f}" y="{ly + 4:.0f}" font-size="11" fill="#333" text-anchor="{anchor}">{label}</text></g>'
        )
    for code, (x, y, w) in positions.items():
        if code not in by_code:
            continue  # a dummy node: only edges pass through it
        stage = by_code[code]
        final = stage.get("final")
        start = code == definition["start"]
        fill = "#e8f1fb" if start else ("#eef7ea" if final else "#ffffff")
        details = _details(definition, stage)
        tip = "；".join([*details, *(f"文书：{d}" for d in stage.get("documents", []))])
        out.append(
            f'<g class="stage" data-stage="{escape(code)}"><title>{escape(stage["name"])}{"：" + escape(tip) if tip else ""}</title>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w}" height="{NODE_H}" rx="{NODE_H / 2 if final or start else 6:.0f}" '
            f'fill="{fill}" stroke="{"#b22" if stage.get("av") == "required" else "#345"}" stroke-width="{2 if final else 1.4}"/>'
            f'<text x="{x + w / 2:.0f}" y="{y + 21:.0f}" font-size="14" text-anchor="middle" fill="#111">{escape(stage["name"])}</text>'
        )
        if details:
            out.append(
                f'<text x="{x + w / 2:.0f}" y="{y + 38:.0f}" font-size="10" text-anchor="middle" fill="#a22">'
                f"{escape(details[0])}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
