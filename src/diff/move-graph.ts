// What reach() (src/graph) counts as "can act as", as plain edges, so that who reaches a
// role is one backward search per role instead of one forward search per principal: the
// moves; a principal that may rewrite its own permissions acting as admin of its account;
// the admin of an account acting as any principal in it. Left out: two grants combined (a
// start reaching both a principal and one that may rewrite it), which reach() alone decides.
import { accountOfNode, adminNode, type Edge, type Graph } from "../graph/graph.js";

const base = (node: string) => node.split("+group:")[0]!;

/** The edges into each node. */
export function movesInto(graph: Graph): Map<string, Edge[]> {
  const into = new Map<string, Edge[]>();
  const add = (e: Edge) => {
    const list = into.get(e.to);
    if (list) list.push(e);
    else into.set(e.to, [e]);
  };
  const admins = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind === "move") add(e);
    else if (base(e.from) === base(e.to)) {
      // Labelled as reach() labels it, so paths read the same.
      const admin = adminNode(accountOfNode(e.to));
      add({ ...e, to: admin, kind: "move", method: `${e.method}, then act as ${e.to}` });
      admins.add(admin);
    }
  }
  for (const admin of admins)
    for (const arn of graph.accountPrincipals.get(accountOfNode(admin)) ?? [])
      add({ from: admin, to: arn, kind: "move", method: "account admin", evidence: [] });
  return into;
}

/** Grant edges between two principals: the part movesInto leaves to reach(). */
export function crossGrantSources(graph: Graph): Set<string> {
  return new Set(
    graph.edges.filter((e) => e.kind === "grant" && base(e.from) !== base(e.to)).map((e) => e.from),
  );
}
