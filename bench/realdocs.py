#!/usr/bin/env python3
"""Per-file plausibility of what jixiao reads from real department budgets.

Usage: bench/realdocs.py [FOLDER] [--bin target/release/jixiao]

Converts FOLDER (default ../shared/realdocs, or $JIXIAO_REALDOCS) into a
temporary folder and prints, per file, the records, the indicators, and the
share of indicators that look plausibly read:

  l1     level 1 is a known level-1 category (产出/效益/满意度/成本指标 …)
  l2     level 2 is present
  unfused the name holds no category label (a fused 绩效指标产出指标… name)
  value  the value is not empty

and `ok`, the share meeting all four; then the warnings per record. The goal
(issue 17) is >= 98 % on each share. This is a plausibility screen, not a
score: the hand-written expected records in tests/realdocs.rs are the score.
"""
import json, os, subprocess, sys, tempfile, collections

LEVEL1 = {"产出指标", "效益指标", "满意度指标", "成本指标", "预期产出指标", "效果指标"}
FUSED = ["绩效指标", "产出指标", "效益指标", "满意度指标", "成本指标",
         "数量指标", "质量指标", "时效指标", "社会效益指标", "经济效益指标",
         "生态效益指标", "可持续影响指标", "服务对象满意度指标", "经济成本指标"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = args[0] if args else os.environ.get("JIXIAO_REALDOCS", "../shared/realdocs")
    exe = "target/release/jixiao"
    if "--bin" in sys.argv:
        exe = sys.argv[sys.argv.index("--bin") + 1]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([exe, "convert", folder, "-o", out, "-q"], check=False)
        report = json.load(open(os.path.join(out, "report.json")))
        recs = collections.defaultdict(list)
        with open(os.path.join(out, "records.jsonl")) as f:
            for line in f:
                r = json.loads(line)
                recs[os.path.basename(r["document"]["file"])].append(r)
    entries = report.get("files") or report.get("inputs") or []
    tot = collections.Counter()
    print(f"{'file':52} {'status':9} {'rec':>4} {'ind':>5} {'l1':>6} {'l2':>6} {'unfused':>7} {'value':>6} {'ok':>6} {'w/rec':>6}")
    for e in entries:
        name = os.path.basename(e["path"])
        rs = recs.get(name, [])
        c = collections.Counter()
        for r in rs:
            c["warn"] += len(r.get("warnings", []))
            for i in r["indicators"]:
                c["ind"] += 1
                l1 = (i.get("level1") or "") in LEVEL1
                l2 = bool(i.get("level2"))
                nm = i.get("name") or ""
                unfused = bool(nm) and not any(f in nm for f in FUSED)
                val = bool((i.get("value") or {}).get("raw"))
                c["l1"] += l1; c["l2"] += l2; c["unfused"] += unfused; c["value"] += val
                c["ok"] += l1 and l2 and unfused and val
        c["rec"] = len(rs)
        tot.update(c)
        pct = lambda k: f"{100*c[k]/c['ind']:5.1f}%" if c["ind"] else "    - "
        wpr = f"{c['warn']/c['rec']:6.1f}" if c["rec"] else "     -"
        print(f"{name[:52]:52} {e['status']:9} {c['rec']:4} {c['ind']:5} {pct('l1')} {pct('l2')} {pct('unfused'):>7} {pct('value')} {pct('ok')} {wpr}")
    pct = lambda k: f"{100*tot[k]/tot['ind']:5.1f}%" if tot["ind"] else "-"
    print(f"{'TOTAL':52} {'':9} {tot['rec']:4} {tot['ind']:5} {pct('l1')} {pct('l2')} {pct('unfused'):>7} {pct('value')} {pct('ok')} {tot['warn']/max(tot['rec'],1):6.1f}")
    notes = collections.Counter()
    for e in entries:
        for n in e.get("notes") or []:
            notes[n.get("code") if isinstance(n, dict) else str(n)[:40]] += 1
    print("document notes:", dict(notes))


if __name__ == "__main__":
    main()
