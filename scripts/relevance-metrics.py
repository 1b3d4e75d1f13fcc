#!/usr/bin/env python3
"""Quality metrics of Loopkeeper's relevance scores against labelled (work, concept) pairs.

Usage: relevance-metrics.py LABELLED.tsv SCORES.txt [--threshold T] [--shares 0.55,0.30]

LABELLED.tsv is tab-separated with a header naming at least the columns `label` and `group` (and `kind`, for the
AUC against random negatives); SCORES.txt holds one score per line, in the same order as the data rows (the
output of `java -jar target/loopkeeper.jar score`). Python 3 standard library only.
"""
import argparse
import csv
import sys


def roc_auc(pos, neg):
    """Probability that a random positive outscores a random negative (ties count one half)."""
    if not pos or not neg:
        return float("nan")
    scored = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    # Mann-Whitney U with average ranks for ties.
    rank_sum = 0.0
    i = 0
    while i < len(scored):
        j = i
        while j + 1 < len(scored) and scored[j + 1][0] == scored[i][0]:
            j += 1
        avg_rank = (i + j) / 2 + 1
        rank_sum += avg_rank * sum(1 for k in range(i, j + 1) if scored[k][1] == 1)
        i = j + 1
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def average_precision(items):
    """items: (score, label) of one group; ties broken by input order (stable sort)."""
    ranked = sorted(items, key=lambda x: -x[0])
    hits, total = 0, 0.0
    for i, (_, label) in enumerate(ranked, 1):
        if label == 1:
            hits += 1
            total += hits / i
    return total / hits if hits else None


def group_tops(groups):
    """Per group: (best score, label of the best-scored concept; the first one on ties)."""
    tops = []
    for items in groups.values():
        best = max(range(len(items)), key=lambda i: (items[i][0], -i))
        tops.append((items[best][0], items[best][1]))
    return tops


def top1_at_threshold(tops, threshold):
    reminded = [label for best, label in tops if best >= threshold]
    precision = sum(reminded) / len(reminded) if reminded else float("nan")
    return precision, len(reminded) / len(tops)


def top1_at_share(tops, share):
    ranked = sorted(tops, key=lambda x: -x[0])
    n = max(1, round(share * len(ranked)))
    chosen = ranked[:n]
    return sum(label for _, label in chosen) / n, chosen[-1][0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labelled")
    ap.add_argument("scores")
    ap.add_argument("--threshold", type=float, help="remind a group when its best score is at least this")
    ap.add_argument("--shares", default="0.55,0.30", help="comma-separated shares of groups to remind")
    args = ap.parse_args()

    with open(args.labelled, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(args.scores, encoding="utf-8") as f:
        scores = [float(line) for line in f if line.strip()]
    if len(scores) != len(rows):
        sys.exit(f"error: {len(rows)} labelled rows but {len(scores)} scores")

    pos, neg, rand_neg = [], [], []
    groups = {}
    for row, s in zip(rows, scores):
        label = int(row["label"])
        (pos if label == 1 else neg).append(s)
        if label == 0 and row.get("kind", "").startswith("random"):
            rand_neg.append(s)
        groups.setdefault(row["group"], []).append((s, label))

    aps = [ap_ for ap_ in (average_precision(items) for items in groups.values()) if ap_ is not None]
    tops = group_tops(groups)
    print(f"pairs {len(rows)}, groups {len(groups)}, positives {len(pos)}")
    print(f"ROC-AUC                  {roc_auc(pos, neg):.3f}")
    print(f"MAP per group            {sum(aps) / len(aps):.3f}")
    if args.threshold is not None:
        p, share = top1_at_threshold(tops, args.threshold)
        print(f"top-1 precision @ score >= {args.threshold:g}: {p:.3f} (share of groups reminded {share:.0%})")
    for share in (float(x) for x in args.shares.split(",")):
        p, cut = top1_at_share(tops, share)
        print(f"top-1 precision @ {share:.0%} of groups: {p:.3f} (best score >= {cut:.3f})")
    print(f"AUC pos vs random-* neg  {roc_auc(pos, rand_neg):.3f}")


if __name__ == "__main__":
    main()
