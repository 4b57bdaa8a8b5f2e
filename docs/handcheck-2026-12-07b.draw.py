"""How hand check 07b was drawn (run from the repository root; writes /tmp/hc6a and /tmp/hc6b)."""
import json, glob, gzip, random, pandas as pd
sealed = {json.loads(l)['doc_id'] for l in open('data/blind/sealed/docs.jsonl')}
judged = set()
for f in glob.glob('docs/handcheck-2026-*.sample.jsonl'):
    if 'fulltext' in f: continue
    for l in open(f):
        r = json.loads(l); judged.add((r['doc_id'], r['field'], r['char_start'], r['char_end']))
# the 104k output of `perfclaims extract ../shared/data/abstracts_corpus.jsonl.gz` at ada640c
c = pd.read_parquet('/tmp/w/s5/claims.parquet')
c = c[~c.doc_id.isin(sealed)]
key = list(zip(c.doc_id, c.field, c.char_start, c.char_end))
c = c[[k not in judged for k in key]]
print('pool', len(c), 'judged keys', len(judged), 'sealed docs', len(sealed))
rng = random.Random(20261207)
picked = []
for t in sorted(c.claim_type.unique()):
    idx = sorted(c.index[c.claim_type == t]); rng.shuffle(idx); picked += idx[:25]
    print(t, len(idx))
rest = sorted(set(c.index[c.hardware.notna()]) - set(picked)); rng.shuffle(rest); picked += rest[:25]
rng.shuffle(picked)
cols = ['doc_id','field','char_start','char_end','text','claim_type','metric','value_low','value_high','unit','qualifier','hardware','hardware_count','baseline','sentence']
s = c.loc[picked, cols]
need = set(s.doc_id)
docs = {}
with gzip.open('../shared/data/abstracts_corpus.jsonl.gz','rt') as f:
    for l in f:
        d = json.loads(l)
        if d.get('id', d.get('doc_id')) in need or any(d.get(k) in need for k in ('id','doc_id')):
            docs[d.get('doc_id') or d.get('id')] = d
print('docs found', len(docs), 'of', len(need))
rows = []
for i, (_, r) in enumerate(s.iterrows(), 1):
    d = {k: (None if (isinstance(v, float) and v != v) else v) for k, v in r.items()}
    if d['hardware_count'] is not None: d['hardware_count'] = int(d['hardware_count'])
    d['char_start'] = int(d['char_start']); d['char_end'] = int(d['char_end'])
    d = {'row': i, **d}
    assert docs[d['doc_id']][d['field']][d['char_start']:d['char_end']] == d['text']
    rows.append(d)
half = (len(rows) + 1) // 2
import os, shutil
for name, part in (('hc6a', rows[:half]), ('hc6b', rows[half:])):
    os.makedirs(f'/tmp/{name}', exist_ok=True)
    with open(f'/tmp/{name}/sample.jsonl', 'w') as f:
        for d in part: f.write(json.dumps(d, ensure_ascii=False) + '\n')
    json.dump({k: {'title': docs[k]['title'], 'abstract': docs[k]['abstract']} for k in {d['doc_id'] for d in part}}, open(f'/tmp/{name}/docs.json', 'w'))
    for fn in ('SPEC.md', 'ANNOTATION.md', 'show.py'): shutil.copy(f'/tmp/hc5/{fn}', f'/tmp/{name}/{fn}')
    shutil.copy('docs/handcheck-2026-12-07a.md', f'/tmp/{name}/previous_report_format.md')
    from collections import Counter
    print(name, len(part), Counter(d['claim_type'] for d in part), 'hw', sum(1 for d in part if d['hardware']))
