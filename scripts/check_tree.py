#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a debugfs tree file (/sys/kernel/debug/memory_set/<id>/tree).

    check_tree.py N FILE

The file must describe N areas in address order, and its nodes a
red-black tree keyed by start whose in-order walk is that order; every
node's gap must be the free space below its area and its subtree_gap the
largest gap in its subtree. Prints what is wrong; exits 1 if anything is.
"""
import re
import sys


def parse(path):
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    head = re.match(r"# (\d+) areas(?:, root ([0-9a-f]+))?$", lines[0])
    if not head:
        sys.exit("no '# N areas' header: %r" % lines[0])
    nodes = []
    for line in lines[1:]:
        if line.startswith("#"):
            continue
        start, end, prot, kind, colour, gap, sub, left, right = line.split()
        nodes.append(dict(start=int(start, 16), end=int(end, 16), red=colour == "red",
                          gap=int(gap, 16), sub=int(sub, 16),
                          left=None if left == "-" else int(left, 16),
                          right=None if right == "-" else int(right, 16)))
    root = int(head.group(2), 16) if head.group(2) else None
    return int(head.group(1)), root, nodes


def check(expected, count, root, nodes):
    errors = []
    if not count == len(nodes) == expected:
        errors.append("header %d, lines %d, expected %d" % (count, len(nodes), expected))
    by_start = {n["start"]: n for n in nodes}
    prev_end = 0
    for n in nodes:
        if n["start"] < prev_end or n["end"] <= n["start"]:
            errors.append("%#x: not in address order or empty" % n["start"])
        if n["gap"] != n["start"] - prev_end:
            errors.append("%#x: gap %#x, not %#x" % (n["start"], n["gap"], n["start"] - prev_end))
        prev_end = n["end"]
    order = []

    def walk(start, depth):
        """In-order walk; returns (subtree_gap, black height)."""
        if start is None:
            return 0, 1
        if depth > 128 or start not in by_start:
            errors.append("%#x: no such node, or a cycle" % start)
            return 0, 1
        n = by_start[start]
        for child in (n["left"], n["right"]):
            if n["red"] and child is not None and by_start.get(child, {}).get("red"):
                errors.append("%#x: a red node with a red child" % start)
        lsub, lh = walk(n["left"], depth + 1)
        order.append(start)
        rsub, rh = walk(n["right"], depth + 1)
        if lh != rh:
            errors.append("%#x: black heights %d and %d" % (start, lh, rh))
        if n["sub"] != max(n["gap"], lsub, rsub):
            errors.append("%#x: subtree_gap %#x, not %#x" % (start, n["sub"], max(n["gap"], lsub, rsub)))
        return n["sub"], lh + (0 if n["red"] else 1)

    if root is not None and by_start.get(root, {}).get("red"):
        errors.append("the root is red")
    walk(root, 0)
    if order != [n["start"] for n in nodes]:
        errors.append("the in-order walk from the root is not the address order")
    return errors


def main():
    expected, path = int(sys.argv[1]), sys.argv[2]
    errors = check(expected, *parse(path))
    for e in errors[:20]:
        print("check_tree: " + e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
