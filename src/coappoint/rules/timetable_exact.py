"""Provably fewest-slot rotations when only tables, conflicts and the time budget limit them.

Without availability, interpreter or rest limits the question is pure graph theory. The planned
conversations form a bipartite graph between candidates and recruiters; a slot is a matching of
it. König's edge-colouring theorem says its edges split into Δ matchings (Δ = the most
conversations any one person has), and de Werra's theorem says that for any number of colours
S ≥ Δ they split into S matchings whose sizes differ by at most one. With T tables the fewest
slots is therefore exactly max(Δ, ceil(E / T)) for E conversations, and
`colour_edges_equitably` builds such a plan.

Which conversations to plan (when the time budget is short, or in per-candidate mode) is a flow
problem with lower and upper bounds on how many conversations each person has; see
`choose_conversations`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

# Larger than any number of conversations this module is asked about.
_UNLIMITED = 1 << 40


class _FlowNetwork:
    """Dinic's maximum flow on a small integer network; edge `e` and `e ^ 1` are a residual pair."""

    def __init__(self, node_count: int) -> None:
        self.edges_from: list[list[int]] = [[] for _ in range(node_count)]
        self.head: list[int] = []
        self.residual: list[int] = []

    def add_edge(self, tail: int, head: int, capacity: int) -> int:
        edge = len(self.head)
        self.head += [head, tail]
        self.residual += [capacity, 0]
        self.edges_from[tail].append(edge)
        self.edges_from[head].append(edge + 1)
        return edge

    def flow_on(self, edge: int) -> int:
        return self.residual[edge + 1]

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        node_count = len(self.edges_from)
        while True:
            level = [-1] * node_count
            level[source] = 0
            queue = deque([source])
            while queue:
                node = queue.popleft()
                for edge in self.edges_from[node]:
                    if self.residual[edge] > 0 and level[self.head[edge]] < 0:
                        level[self.head[edge]] = level[node] + 1
                        queue.append(self.head[edge])
            if level[sink] < 0:
                return total
            next_edge = [0] * node_count
            while True:
                pushed = self._push(source, sink, _UNLIMITED, level, next_edge)
                if pushed == 0:
                    break
                total += pushed

    def _push(
        self, source: int, sink: int, limit: int, level: list[int], next_edge: list[int]
    ) -> int:
        # Iterative depth-first search along the level graph: recursion would overflow on long
        # augmenting paths in large events.
        path: list[int] = []
        node = source
        while True:
            if node == sink:
                pushed = limit
                for edge in path:
                    pushed = min(pushed, self.residual[edge])
                for edge in path:
                    self.residual[edge] -= pushed
                    self.residual[edge ^ 1] += pushed
                return pushed
            edges = self.edges_from[node]
            advanced = False
            while next_edge[node] < len(edges):
                edge = edges[next_edge[node]]
                head = self.head[edge]
                if self.residual[edge] > 0 and level[head] == level[node] + 1:
                    path.append(edge)
                    node = head
                    advanced = True
                    break
                next_edge[node] += 1
            if not advanced:
                if not path:
                    return 0
                # A dead end: never try it again in this phase.
                level[node] = -1
                edge = path.pop()
                node = self.head[edge ^ 1]
                next_edge[node] += 1


@dataclass(frozen=True)
class ConversationBounds:
    """How many conversations each person may have: the limits of one flow problem."""

    candidate_least: tuple[int, ...]
    candidate_most: tuple[int, ...]
    recruiter_least: tuple[int, ...]
    recruiter_most: tuple[int, ...]
    total_most: int


def _bounded_selection(
    pairs: Sequence[tuple[int, int]], bounds: ConversationBounds
) -> tuple[int, ...] | None:
    """The most pairs (candidate, recruiter) that respect `bounds`, or None if none do.

    A flow with lower bounds: source -> hub (total) -> candidate -> recruiter -> sink. A first
    flow between a super source and super sink meets every lower bound (the standard
    circulation reduction); augmenting from source to sink afterwards never lowers the flow
    through a person, so it then maximises the total without breaking any lower bound.
    """
    candidate_count = len(bounds.candidate_most)
    recruiter_count = len(bounds.recruiter_most)
    source, hub, sink = 0, 1, 2
    first_candidate = 3
    first_recruiter = first_candidate + candidate_count
    super_source = first_recruiter + recruiter_count
    super_sink = super_source + 1
    network = _FlowNetwork(super_sink + 1)
    excess = [0] * (super_sink + 1)

    def add(tail: int, head: int, least: int, most: int) -> int:
        excess[head] += least
        excess[tail] -= least
        return network.add_edge(tail, head, most - least)

    for candidate in range(candidate_count):
        if bounds.candidate_least[candidate] > bounds.candidate_most[candidate]:
            return None
    for recruiter in range(recruiter_count):
        if bounds.recruiter_least[recruiter] > bounds.recruiter_most[recruiter]:
            return None
    add(source, hub, 0, bounds.total_most)
    for candidate in range(candidate_count):
        add(
            hub,
            first_candidate + candidate,
            bounds.candidate_least[candidate],
            bounds.candidate_most[candidate],
        )
    pair_edges = [
        add(first_candidate + candidate, first_recruiter + recruiter, 0, 1)
        for candidate, recruiter in pairs
    ]
    for recruiter in range(recruiter_count):
        add(
            first_recruiter + recruiter,
            sink,
            bounds.recruiter_least[recruiter],
            bounds.recruiter_most[recruiter],
        )
    return_edge = network.add_edge(sink, source, _UNLIMITED)
    demanded = 0
    for node in range(super_source):
        if excess[node] > 0:
            network.add_edge(super_source, node, excess[node])
            demanded += excess[node]
        elif excess[node] < 0:
            network.add_edge(node, super_sink, -excess[node])
    if network.max_flow(super_source, super_sink) < demanded:
        return None
    # Close the return edge so the flow it carried stays an ordinary source-to-sink flow.
    network.residual[return_edge] = 0
    network.residual[return_edge ^ 1] = 0
    network.max_flow(source, sink)
    return tuple(index for index, edge in enumerate(pair_edges) if network.flow_on(edge) == 1)


@dataclass(frozen=True)
class Selection:
    """The conversations chosen by `choose_conversations` and the level of fairness proven."""

    pair_indexes: tuple[int, ...]
    level: int


def _degrees(
    pairs: Sequence[tuple[int, int]],
    chosen: Sequence[int],
    candidate_count: int,
    recruiter_count: int,
) -> tuple[list[int], list[int]]:
    candidate_degree = [0] * candidate_count
    recruiter_degree = [0] * recruiter_count
    for index in chosen:
        candidate, recruiter = pairs[index]
        candidate_degree[candidate] += 1
        recruiter_degree[recruiter] += 1
    return candidate_degree, recruiter_degree


def choose_conversations(
    pairs: Sequence[tuple[int, int]],
    candidate_count: int,
    recruiter_count: int,
    *,
    per_candidate: int | None,
    max_slots: int | None,
    tables: int | None,
) -> Selection:
    """Choose which pairs meet: fairest, then most, then fewest slots, then even recruiter loads.

    `pairs` are the (candidate, recruiter) pairs allowed to meet. Each candidate's ceiling is
    what they could have on their own: their partners, at most k in per-candidate mode, at most
    `max_slots`. The level is the largest t such that every candidate has at least t
    conversations or reaches their ceiling; it is maximised first, then the total number of
    conversations, then (slots being max(Δ, ceil(E / T))) the largest number any person has,
    then in per-candidate mode the largest and then the smallest recruiter load. Each step is a
    search over one bound of `_bounded_selection`, so every result is proven best in this order.
    """
    slots_most = _UNLIMITED if max_slots is None else max_slots
    table_most = _UNLIMITED if tables is None else tables
    total_most = min(_UNLIMITED, slots_most * table_most)
    partner_count = [0] * candidate_count
    for candidate, _ in pairs:
        partner_count[candidate] += 1
    candidate_most = tuple(
        min(partner_count[c], slots_most, _UNLIMITED if per_candidate is None else per_candidate)
        for c in range(candidate_count)
    )
    recruiter_most = tuple(min(candidate_count, slots_most) for _ in range(recruiter_count))
    no_recruiter_least = (0,) * recruiter_count

    def at_level(level: int, person_most: int = _UNLIMITED) -> ConversationBounds:
        return ConversationBounds(
            candidate_least=tuple(min(level, most) for most in candidate_most),
            candidate_most=tuple(min(most, person_most) for most in candidate_most),
            recruiter_least=no_recruiter_least,
            recruiter_most=tuple(min(most, person_most) for most in recruiter_most),
            total_most=total_most,
        )

    top_level = max(candidate_most, default=0)
    chosen = _bounded_selection(pairs, at_level(top_level))
    level = top_level
    if chosen is None:
        # Level 0 asks nothing, so it is always feasible: search the largest feasible level.
        chosen = _bounded_selection(pairs, at_level(0))
        assert chosen is not None
        low, high = 0, top_level - 1
        while low < high:
            middle = (low + high + 1) // 2
            attempt = _bounded_selection(pairs, at_level(middle))
            if attempt is None:
                high = middle - 1
            else:
                low, chosen = middle, attempt
        level = low
    total = len(chosen)

    def keeps_total(selection: tuple[int, ...] | None) -> bool:
        return selection is not None and len(selection) == total

    # Fewest slots: the smallest cap on anyone's conversations that keeps the level and total.
    candidate_degree, recruiter_degree = _degrees(pairs, chosen, candidate_count, recruiter_count)
    high = max(candidate_degree + recruiter_degree, default=0)
    low = max(
        max((min(level, most) for most in candidate_most), default=0),
        -(-total // max(recruiter_count, 1)),
    )
    while low < high:
        middle = (low + high) // 2
        attempt = _bounded_selection(pairs, at_level(level, middle))
        if keeps_total(attempt):
            assert attempt is not None
            high, chosen = middle, attempt
        else:
            low = middle + 1
    person_most = high
    if per_candidate is None:
        return Selection(pair_indexes=chosen, level=level)

    # Per-candidate mode: the largest recruiter load as small as possible, then the smallest as
    # large as possible, without giving back slots.
    candidate_degree, _ = _degrees(pairs, chosen, candidate_count, recruiter_count)
    slot_count = max(max(candidate_degree, default=0), person_most, -(-total // table_most))
    bounds = at_level(level, slot_count)
    recruiter_partners = [0] * recruiter_count
    for _, recruiter in pairs:
        recruiter_partners[recruiter] += 1

    def with_loads(least: int, most: int) -> ConversationBounds:
        # A recruiter who may meet only a few candidates counts as even once they meet them all.
        return ConversationBounds(
            candidate_least=bounds.candidate_least,
            candidate_most=bounds.candidate_most,
            recruiter_least=tuple(min(least, partners) for partners in recruiter_partners),
            recruiter_most=tuple(min(most, most_r) for most_r in recruiter_most),
            total_most=total_most,
        )

    _, recruiter_degree = _degrees(pairs, chosen, candidate_count, recruiter_count)
    high = max(recruiter_degree, default=0)
    low = -(-total // max(recruiter_count, 1))
    while low < high:
        middle = (low + high) // 2
        attempt = _bounded_selection(pairs, with_loads(0, middle))
        if keeps_total(attempt):
            assert attempt is not None
            high, chosen = middle, attempt
        else:
            low = middle + 1
    load_most = high
    low, high = 0, load_most
    while low < high:
        middle = (low + high + 1) // 2
        attempt = _bounded_selection(pairs, with_loads(middle, load_most))
        if keeps_total(attempt):
            assert attempt is not None
            low, chosen = middle, attempt
        else:
            high = middle - 1
    return Selection(pair_indexes=chosen, level=level)


def colour_edges_equitably(
    pairs: Sequence[tuple[int, int]], candidate_count: int, colour_count: int
) -> list[int]:
    """Colour each (candidate, recruiter) pair so no person has a colour twice; classes even.

    Needs `colour_count` ≥ the largest number of pairs any person is in. First a proper
    colouring by alternating-path recolouring (the constructive proof of König's theorem),
    then class sizes are evened out by swapping the colours along alternating paths that hold
    one more edge of the larger class (de Werra), so sizes differ by at most one.
    """
    # Vertices: candidates 0..n-1, then recruiters n.. ; at[v][colour] = the edge of that colour.
    vertex_count = candidate_count + 1 + max((recruiter for _, recruiter in pairs), default=-1)
    at: list[dict[int, int]] = [{} for _ in range(vertex_count)]
    ends = [(candidate, candidate_count + recruiter) for candidate, recruiter in pairs]
    colour = [-1] * len(pairs)

    def free_colour(vertex: int) -> int:
        used = at[vertex]
        for candidate_colour in range(colour_count):
            if candidate_colour not in used:
                return candidate_colour
        raise ValueError("more pairs at one person than colours")

    def other_end(edge: int, vertex: int) -> int:
        first, second = ends[edge]
        return second if vertex == first else first

    def swap_path(start: int, first_colour: int, second_colour: int) -> None:
        path: list[int] = []
        vertex, wanted, other = start, first_colour, second_colour
        while wanted in at[vertex]:
            edge = at[vertex][wanted]
            path.append(edge)
            vertex = other_end(edge, vertex)
            wanted, other = other, wanted
        for edge in path:
            for end in ends[edge]:
                del at[end][colour[edge]]
        for edge in path:
            colour[edge] = second_colour if colour[edge] == first_colour else first_colour
            for end in ends[edge]:
                at[end][colour[edge]] = edge

    for edge, (left, right) in enumerate(ends):
        free_left = free_colour(left)
        free_right = free_colour(right)
        if free_left not in at[right]:
            chosen = free_left
        else:
            # In a bipartite graph the free_left/free_right path from `right` never reaches
            # `left`, so after swapping it free_left is free at both ends.
            swap_path(right, free_left, free_right)
            chosen = free_left
        colour[edge] = chosen
        at[left][chosen] = edge
        at[right][chosen] = edge

    sizes = [0] * colour_count
    for edge_colour in colour:
        sizes[edge_colour] += 1
    while sizes and max(sizes) - min(sizes) > 1:
        larger = sizes.index(max(sizes))
        smaller = sizes.index(min(sizes))
        for vertex in range(vertex_count):
            if larger in at[vertex] and smaller not in at[vertex]:
                # Walk the alternating path from this end; swap it if it ends on the larger colour.
                edges_on_path = 0
                position, wanted, other = vertex, larger, smaller
                last_colour = larger
                while wanted in at[position]:
                    edge = at[position][wanted]
                    edges_on_path += 1
                    last_colour = wanted
                    position = other_end(edge, position)
                    wanted, other = other, wanted
                if last_colour == larger:
                    swap_path(vertex, larger, smaller)
                    sizes[larger] -= 1
                    sizes[smaller] += 1
                    break
        else:  # pragma: no cover - de Werra's theorem guarantees such a path exists
            raise AssertionError("no alternating path to balance colour classes")
    return colour
