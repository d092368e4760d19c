"""Peer measurement: scikit-learn RandomForestClassifier on the same .npy files.

usage: /usr/bin/python3 sklearn_rf.py <dir> <runs> [n_jobs] [n_estimators]
Prints one JSON line: fit and predict seconds per run, macro F1, peak RSS (MB).
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score


def main():
    d = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n_jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    n_estimators = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    X = np.load(f"{d}/X_train.npy")
    y = np.load(f"{d}/y_train.npy")
    Xt = np.load(f"{d}/X_test.npy")
    yt = np.load(f"{d}/y_test.npy")
    # scikit-learn < 1.4 forests reject NaN: impute with a per-column sentinel below the minimum
    # (outside the timed fit), so that one split can still isolate the missing values.
    sentinel = np.nanmin(np.vstack([np.nanmin(X, axis=0), np.nanmin(Xt, axis=0)]), axis=0) - 1.0
    for M in (X, Xt):
        rows, cols = np.nonzero(np.isnan(M))
        M[rows, cols] = sentinel[cols]
    fit, pred, f1 = [], [], 0.0
    nodes = 0
    for i in range(runs):
        clf = RandomForestClassifier(n_estimators=n_estimators, max_depth=15, max_features="sqrt",
                                     max_samples=0.632, bootstrap=True, n_jobs=n_jobs, random_state=7 + i)
        t0 = time.perf_counter()
        clf.fit(X, y)
        fit.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        p = clf.predict_proba(Xt)
        pred.append(time.perf_counter() - t1)
        f1 = float(f1_score(yt, clf.classes_[p.argmax(axis=1)], average="macro"))
        nodes = int(sum(e.tree_.node_count for e in clf.estimators_))
        del clf
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"fit": fit, "predict": pred, "f1": f1, "nodes": nodes, "maxRssMB": rss,
                      "sklearn": __import__("sklearn").__version__}))


if __name__ == "__main__":
    main()
