"""PM4Py's side of the across-records checks (PM4Py is AGPL: used here only, never by the product).

`ocel_pm4py.py discover LOG.jsonocel` reads the OCEL 2.0 log and discovers its object-centric
directly-follows graph, as a process analyst would (`pm4py.read_ocel2_json`,
`pm4py.discover_ocdfg`), and prints how many edges it found.

`ocel_pm4py.py compare LOG.jsonocel MAP.json OURS.json` checks, per record kind, that the moves
`throughline flow` counted between stages of that kind equal PM4Py's directly-follows counts on
the log flattened by that kind (`pm4py.ocel_flattening` + `pm4py.discover_dfg`). PM4Py also
counts an activity followed by itself, which Throughline merges into one visit: those are left
aside."""
import json
import sys


def discover(log):
    import pm4py

    ocel = pm4py.read_ocel2_json(log)
    ocdfg = pm4py.discover_ocdfg(ocel)
    edges = sum(len(e) for e in ocdfg["edges"]["event_couples"].values())
    print(json.dumps({"object_types": len(ocdfg["object_types"]), "edges": edges}))


def compare(log, map_path, ours_path):
    import pm4py

    stages = {s["id"]: s for s in json.load(open(map_path))["stages"]}
    transitions = {t["id"]: t for t in json.load(open(map_path))["transitions"]}
    ours = json.load(open(ours_path))
    value = lambda sid: stages[sid]["system"]["value"]
    kind = lambda sid: stages[sid]["system"]["object"]
    counted = {}
    for t in ours["transitions"]:
        a, b = transitions[t["id"]]["from"], transitions[t["id"]]["to"]
        if kind(a) == kind(b) and t["records"]:
            counted[(kind(a), value(a), value(b))] = t["records"]
    for u in ours["undocumented"]:
        if kind(u["from"]) == kind(u["to"]):
            counted[(kind(u["from"]), value(u["from"]), value(u["to"]))] = u["records"]
    ocel = pm4py.read_ocel2_json(log)
    theirs = {}
    for object_type in sorted({kind(s) for s in stages}):
        flat = pm4py.ocel_flattening(ocel, object_type)
        dfg, _, _ = pm4py.discover_dfg(flat)
        for (a, b), n in dfg.items():
            if a != b:
                theirs[(object_type, a, b)] = n
    if counted != theirs:
        for key in sorted(set(counted) | set(theirs)):
            if counted.get(key) != theirs.get(key):
                print(f"differ: {key}: throughline {counted.get(key)}, PM4Py {theirs.get(key)}")
        sys.exit(1)
    kinds = sorted({k for k, _, _ in counted})
    print(f"same moves within each record kind as PM4Py: {len(counted)} pairs over {', '.join(kinds)}")


if __name__ == "__main__":
    if sys.argv[1] == "discover":
        discover(sys.argv[2])
    else:
        compare(*sys.argv[2:5])
