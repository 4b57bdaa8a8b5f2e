"""How hand check 07e was drawn (run from the repository root; writes /tmp/hc2/rows_A.jsonl
and rows_B.jsonl), and how the stored files were filtered.

A stratified random sample of the 104k output at commit de0e139 (its claims.parquet in
/tmp/w/rev104): 25 speedup, 25 reduction, 30 latency, 25 fps, 30 memory, 25 throughput,
all 13 utilization and 25 power rows, then 30 more rows with a device (any type), shuffled
and split in two halves of 114. Unlike earlier draws, rows judged in earlier checks were NOT
left out (a plain random sample of the current output, for an unbiased precision), and
neither were documents of the sealed half: 19 of the 228 rows came from sealed documents.
They were judged by the helpers, then dropped by id, unread, from every figure and from the
stored files (see docs/handcheck-2026-12-07e.md)."""
import json
import pandas as pd

d = pd.read_parquet('/tmp/w/rev104/claims.parquet')
quota = {'speedup': 25, 'reduction': 25, 'latency': 30, 'fps': 25, 'memory': 30, 'throughput': 25,
         'utilization': 13, 'power': 25}
parts = [d[d.claim_type == t].sample(min(n, (d.claim_type == t).sum()), random_state=20261207)
         for t, n in quota.items()]
taken = pd.concat(parts)
hw = d[d.hardware.notna() & ~d.claim_id.isin(taken.claim_id)].sample(30, random_state=20261207)
rows_all = pd.concat([taken, hw]).sample(frac=1, random_state=1)
cols = ['claim_id', 'title', 'sentence', 'text', 'claim_type', 'metric', 'value', 'value_low', 'value_high', 'unit',
        'qualifier', 'hardware', 'hardware_count', 'hardware_text', 'baseline', 'model', 'precision']
rows = [{c: (None if pd.isna(r[c]) else (r[c].item() if hasattr(r[c], 'item') else r[c])) for c in cols}
        for _, r in rows_all.iterrows()]
half = len(rows) // 2
for name, chunk in (('A', rows[:half]), ('B', rows[half:])):
    with open(f'/tmp/hc2/rows_{name}.jsonl', 'w') as f:
        for i, r in enumerate(chunk):
            f.write(json.dumps({'row': f'{name}{i:03d}', **r}) + '\n')

# the stored files: sealed documents' rows dropped by id (never printed)
sealed = {json.loads(line)['doc_id'] for line in open('data/blind/sealed/docs.jsonl')}
doc_of = dict(zip(d.claim_id, d.doc_id))
sample = [json.loads(line) for h in 'AB' for line in open(f'/tmp/hc2/rows_{h}.jsonl')]
keep = {r['row'] for r in sample if doc_of[r['claim_id']] not in sealed}
with open('docs/handcheck-2026-12-07e.sample.jsonl', 'w') as f:
    for r in sample:
        if r['row'] in keep:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
with open('docs/handcheck-2026-12-07e.judged.jsonl', 'w') as f:
    for judge, pattern in (('reviewer-1', '/tmp/hc2/judged_{}.jsonl'), ('reviewer-2', '/tmp/hc/judged_{}.jsonl')):
        for h in 'AB':
            for line in open(pattern.format(h)):
                j = json.loads(line)
                if j['row'] in keep:
                    f.write(json.dumps({'reviewer': judge, **j}, ensure_ascii=False) + '\n')
