"""How hand check 07d was drawn (run from the repository root; writes /tmp/hc8a and /tmp/hc8b).

Rows of the 104k output at the commit named in docs/handcheck-2026-12-07c.md, left out:
rows of any earlier check, rows this session changed (any field differs from the output
before it, or new: they were read while the rules were written), rows printed while
looking for error families, and documents of the sealed half."""
import json, glob, gzip, random, os, shutil
import pandas as pd
from collections import Counter
sealed = {json.loads(l)['doc_id'] for l in open('data/blind/sealed/docs.jsonl')}
judged = set()
for f in glob.glob('docs/handcheck-2026-*.sample.jsonl'):
    if 'fulltext' in f: continue
    for l in open(f):
        r = json.loads(l); judged.add((r['doc_id'], r['field'], r['char_start'], r['char_end']))
K = ['doc_id', 'field', 'char_start', 'char_end']
before = pd.read_parquet('/tmp/w/s5/claims.parquet')    # the output before this session's rules
c = pd.read_parquet('/tmp/w/s23/claims.parquet')        # the output now
cols = ['claim_type', 'value', 'unit', 'qualifier', 'hardware', 'hardware_count', 'metric', 'baseline']
m = c.merge(before[K + cols], on=K, how='left', suffixes=('', '_b'), indicator=True)
changed = m['_merge'] == 'left_only'
for col in cols:
    changed |= m[col].astype(object).fillna('~').astype(str) != m[col + '_b'].astype(object).fillna('~').astype(str)
touched = set(map(tuple, m.loc[changed, K].values.tolist()))
printed = set()
for f in ('/tmp/w/printed_lat.csv', '/tmp/w/printed_red.csv', '/tmp/w/printed_mem.csv'):
    for r in pd.read_csv(f).itertuples():
        printed.add((r.doc_id, r.char_start))
keep = [(k not in judged and k not in touched and (k[0], k[2]) not in printed and k[0] not in sealed)
        for k in map(tuple, c[K].values.tolist())]
pool = c[keep]
print('pool', len(pool), 'touched', len(touched), 'judged', len(judged))
rng = random.Random(20261209)
picked = []
for t, n in (('latency', 40), ('reduction', 20), ('speedup', 20)):
    idx = sorted(pool.index[pool.claim_type == t]); rng.shuffle(idx); picked += idx[:n]
    print(t, len(idx))
rest = sorted(set(pool.index[pool.hardware.notna()]) - set(picked)); rng.shuffle(rest); picked += rest[:0]
rng.shuffle(picked)
out = ['doc_id','field','char_start','char_end','text','claim_type','metric','value_low','value_high','unit','qualifier','hardware','hardware_count','baseline','sentence']
s = c.loc[picked, out]
need = set(s.doc_id); docs = {}
with gzip.open('../shared/data/abstracts_corpus.jsonl.gz', 'rt') as f:
    for l in f:
        d = json.loads(l)
        if d['doc_id'] in need: docs[d['doc_id']] = d
rows = []
for i, (_, r) in enumerate(s.iterrows(), 1):
    d = {k: (None if (isinstance(v, float) and v != v) else v) for k, v in r.items()}
    if d['hardware_count'] is not None: d['hardware_count'] = int(d['hardware_count'])
    d['char_start'] = int(d['char_start']); d['char_end'] = int(d['char_end'])
    d = {'row': i, **d}
    assert docs[d['doc_id']][d['field']][d['char_start']:d['char_end']] == d['text']
    rows.append(d)
half = (len(rows) + 1) // 2
for name, part in (('hc8a', rows[:half]), ('hc8b', rows[half:])):
    os.makedirs(f'/tmp/{name}', exist_ok=True)
    with open(f'/tmp/{name}/sample.jsonl', 'w') as f:
        for d in part: f.write(json.dumps(d, ensure_ascii=False) + '\n')
    json.dump({k: {'title': docs[k]['title'], 'abstract': docs[k]['abstract']} for k in {d['doc_id'] for d in part}}, open(f'/tmp/{name}/docs.json', 'w'))
    for fn in ('SPEC.md', 'ANNOTATION.md', 'show.py'): shutil.copy(f'/tmp/hc5/{fn}', f'/tmp/{name}/{fn}')
    shutil.copy('/tmp/hc7a/report.md', f'/tmp/{name}/previous_report_format.md')
    print(name, len(part), Counter(d['claim_type'] for d in part), 'hw', sum(1 for d in part if d['hardware']))
