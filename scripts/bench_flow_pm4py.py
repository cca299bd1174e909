"""PM4Py's side of scripts/bench-flow.

`bench_flow_pm4py.py LOG.csv` reads the log with pandas, discovers the directly-follows graph
and its median times with PM4Py, and prints them as JSON. `--compare MAP OURS PM4PY` checks
that `throughline flow` counted the same moves between different stages (PM4Py also counts
a stage followed by itself, which Throughline merges into one visit)."""
import json
import sys


def discover(path):
    import pandas as pd
    import pm4py

    df = pd.read_csv(path)
    df = pm4py.format_dataframe(
        df, case_id="case:concept:name", activity_key="concept:name", timestamp_key="time:timestamp"
    )
    dfg, _, _ = pm4py.discover_dfg(df)
    performance, _, _ = pm4py.discover_performance_dfg(df)
    edges = [
        {"from": a, "to": b, "records": n, "median_hours": performance[(a, b)]["median"] / 3600}
        for (a, b), n in dfg.items()
    ]
    json.dump({"edges": edges}, sys.stdout)


def compare(map_path, ours_path, theirs_path):
    stages = json.load(open(map_path))["stages"]
    ours = json.load(open(ours_path))
    theirs = json.load(open(theirs_path))
    # The log's values: a stage's own system value, else its name (see generate_log).
    values = {}
    for s in stages:
        value = (s.get("system") or {}).get("value")
        shared = sum(1 for t in stages if (t.get("system") or {}).get("value") == value)
        values[s["id"]] = value if value and shared == 1 else s["name"]
    transitions = {t["id"]: t for t in json.load(open(map_path))["transitions"]}
    counted = {}
    for t in ours["transitions"]:
        m = transitions[t["id"]]
        counted[(values[m["from"]], values[m["to"]])] = (t["records"], t["median_hours"])
    for u in ours["undocumented"]:
        counted[(values[u["from"]], values[u["to"]])] = (u["records"], u["median_hours"])
    theirs = {(e["from"], e["to"]): (e["records"], e["median_hours"]) for e in theirs["edges"] if e["from"] != e["to"]}
    ours_nonzero = {k: v for k, v in counted.items() if v[0] > 0}
    same = set(ours_nonzero) == set(theirs) and all(ours_nonzero[k][0] == theirs[k][0] for k in theirs)
    worst = max(
        (abs(ours_nonzero[k][1] - theirs[k][1]) / max(theirs[k][1], 1e-9) for k in theirs if k in ours_nonzero),
        default=0.0,
    )
    print(f"moves between stages: {len(theirs)} pairs, counts {'agree' if same else 'DIFFER'}; "
          f"largest difference of a median time: {worst:.1%} (PM4Py times a repeated stage from its last event)")
    if not same:
        for k in sorted(set(ours_nonzero) | set(theirs)):
            if ours_nonzero.get(k, (0,))[0] != theirs.get(k, (0,))[0]:
                print("  ", k, "throughline", ours_nonzero.get(k), "pm4py", theirs.get(k))
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(*sys.argv[2:5])
    else:
        discover(sys.argv[1])
