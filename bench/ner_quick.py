import json, sys, collections
from flows.entities import find_mentions
MAP={"PERSON":"PER","ORG":"ORG","LOC":"LOC"}
docs=[json.loads(l) for l in open(sys.argv[1])]
tp=collections.Counter(); fp=collections.Counter(); fn=collections.Counter()
errs=[]
for d in docs:
    pred={(m.start,m.end,MAP[m.type]) for m in find_mentions(d["text"])}
    gold={(e["start"],e["end"],e["type"]) for e in d["entities"]}
    for x in pred&gold: tp[x[2]]+=1
    for x in pred-gold: fp[x[2]]+=1; errs.append(("FP",x[2],d["text"][x[0]:x[1]], d["genre"]))
    for x in gold-pred: fn[x[2]]+=1; errs.append(("FN",x[2],d["text"][x[0]:x[1]], d["genre"]))
def f(t,p,n):
    P=t/max(t+p,1); R=t/max(t+n,1); return round(2*P*R/max(P+R,1e-9),3),round(P,3),round(R,3)
print("all",f(sum(tp.values()),sum(fp.values()),sum(fn.values())))
for k in ["PER","ORG","LOC"]: print(k,f(tp[k],fp[k],fn[k]))
if len(sys.argv)>2:
    for e in errs: print(*e)
