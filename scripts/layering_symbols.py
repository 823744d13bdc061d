#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The module's layers, checked on what its objects call (nm), not on what
they include:

  device      dev*.o and debugfs*.o call, of the module, only their own
              layer and the space (ms_space_*): never the core or the page
              table directly
  core        tree, range, set, protect, copy, area call only the core
  page table  pgtable.o and pt_*.o call only the page table
  no circles  no object calls one that calls it back, however far round

trace.o (tracepoints) and fail.o (fault injection) serve every layer.

  layering_symbols.py OBJDIR [--plant OBJ:SYMBOL]...

--plant adds an undefined SYMBOL to OBJ's table before the checks, as if
OBJ called it (the self-test of scripts/layering.sh). Prints one line per
violation; exits 1 if there is any.
"""
import glob
import os
import re
import subprocess
import sys

SHARED = {'trace', 'fail'}
LAYERS = [
    ('device', re.compile(r'^(dev|debugfs)(_\w+)?$'),
     re.compile(r'^((dev|debugfs|space)(_\w+)?|trace|fail)$'),
     'the device reaches the core and the page table only through the space'),
    ('core', re.compile(r'^(tree|range|set|protect|copy|area)$'),
     re.compile(r'^(tree|range|set|protect|copy|area|trace|fail)$'),
     'the core knows nothing of the page table, the space or the device'),
    ('page table', re.compile(r'^(pgtable|pt_\w+)$'),
     re.compile(r'^(pgtable|pt_\w+|trace|fail)$'),
     'the page table knows nothing of areas, the space or the device'),
]


def symbols(objdir):
    """Per object: the symbols it defines and those it uses."""
    defined, used = {}, {}
    for path in sorted(glob.glob(os.path.join(objdir, '*.o'))):
        name = os.path.basename(path)[:-2]
        if name.endswith('.mod') or name == 'memory_set':
            continue
        out = subprocess.run(['nm', path], capture_output=True, text=True,
                             check=True).stdout
        used[name] = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == 'U':
                used[name].add(parts[1])
            elif len(parts) == 3 and parts[1] in 'TDRBG':
                defined[parts[2]] = name
    return defined, used


def calls(defined, used):
    """The module's calls: object -> {callee object: [symbols]}."""
    graph = {}
    for obj, syms in used.items():
        graph[obj] = {}
        for sym in sorted(syms):
            callee = defined.get(sym)
            if callee and callee != obj:
                graph[obj].setdefault(callee, []).append(sym)
    return graph


def circles(graph):
    """Strongly connected components of more than one object (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    objdir, plants = args[0], []
    rest = args[1:]
    while rest:
        if rest[0] == '--plant' and len(rest) > 1:
            plants.append(rest[1].split(':', 1))
            rest = rest[2:]
        else:
            print(f'layering: unknown argument {rest[0]}')
            return 2
    defined, used = symbols(objdir)
    if not used:
        print(f'layering: no objects in {objdir}')
        return 1
    for obj, sym in plants:
        used.setdefault(obj, set()).add(sym)
    graph = calls(defined, used)
    bad = 0
    for layer, members, allowed, why in LAYERS:
        for obj in sorted(graph):
            if not members.match(obj):
                continue
            for callee, syms in sorted(graph[obj].items()):
                if not allowed.match(callee):
                    print(f'layering: {layer} {obj}.o calls {", ".join(syms)}'
                          f' of {callee}.o: {why}')
                    bad = 1
    for comp in circles(graph):
        print('layering: these objects call each other in a circle: ' +
              ', '.join(c + '.o' for c in comp))
        bad = 1
    return bad


if __name__ == '__main__':
    sys.exit(main())
