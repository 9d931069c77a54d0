"""Simple baselines for the benchmark's text sets, run by bench/run.mjs (section `sets`) on exactly
the rows Sieve trains and is tested on. Needs Debian's python3-sklearn.

Reads a JSON job on stdin: { glove: path of Sieve's .svec word vectors, sets: [{ name, train: [text],
trainLabels: [label], test: [text], testLabels: [label], samples: [{ k, seed, rows: [index into
train] }] }] } and prints one JSON line per set × sample × method: { set, k, seed, method,
accuracy, macroF1, seconds } (seconds: featurize + fit on the training rows).

Methods (scikit-learn defaults otherwise, as a new user would write them):
  tfidf-lr     TfidfVectorizer(word 1-2-grams, sublinear tf) + LogisticRegression
  char-lr      TfidfVectorizer(char_wb 2-4-grams, sublinear tf) + LogisticRegression
  glove-lr     mean of Sieve's GloVe vectors of the known tokens, unit length + LogisticRegression
"""
import json
import struct
import sys
import time

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

# Sieve's tokenizer (src/backbones/tokenize.ts): runs of letters and digits with inner ' ’ or .,
# or single other characters that are not white space, on the lower-cased text.
TOKEN = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*|[^\w\s]|_")


def tokens(text):
    return [t.replace("\u2019", "'", 1) for t in TOKEN.findall(text.lower())]


def read_vectors(path):
    """Sieve's .svec file (scripts/vector-file.mjs): int8 rows with a float32 scale each."""
    data = open(path, "rb").read()
    assert data[:8] == b"SIEVEVEC"
    (header_length,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12 : 12 + header_length])
    pad4 = lambda n: (n + 3) & ~3
    words_start = pad4(12 + header_length)
    scales_start = words_start + pad4(header["wordsBytes"])
    data_start = scales_start + header["count"] * 4
    words = data[words_start : words_start + header["wordsBytes"]].decode("utf8").split("\n")
    scales = np.frombuffer(data, np.float32, header["count"], scales_start)
    rows = np.frombuffer(data, np.int8, header["count"] * header["dims"], data_start).reshape(header["count"], header["dims"])
    return {w: i for i, w in enumerate(words)}, rows.astype(np.float32) * scales[:, None]


def glove_means(texts, index, vectors):
    out = np.zeros((len(texts), vectors.shape[1]), np.float32)
    for i, text in enumerate(texts):
        rows = [index[t] for t in tokens(text) if t in index]
        if rows:
            v = vectors[rows].mean(0)
            out[i] = v / (np.linalg.norm(v) or 1)
    return out


def featurizers(glove):
    index, vectors = glove
    return {
        "tfidf-lr": lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        "char-lr": lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
        "glove-lr": lambda: GloveMean(index, vectors),
    }


class GloveMean:
    def __init__(self, index, vectors):
        self.index, self.vectors = index, vectors

    def fit_transform(self, texts):
        return glove_means(texts, self.index, self.vectors)

    def transform(self, texts):
        return glove_means(texts, self.index, self.vectors)


def main():
    job = json.load(sys.stdin)
    methods = featurizers(read_vectors(job["glove"]))
    for s in job["sets"]:
        train, train_labels = s["train"], np.array(s["trainLabels"])
        for sample in s["samples"]:
            texts = [train[i] for i in sample["rows"]]
            labels = train_labels[sample["rows"]]
            for name, make in methods.items():
                start = time.perf_counter()
                vectorizer = make()
                model = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(texts), labels)
                fit_seconds = time.perf_counter() - start
                predicted = model.predict(vectorizer.transform(s["test"]))
                print(json.dumps({
                    "set": s["name"], "k": sample["k"], "seed": sample["seed"], "method": name,
                    "accuracy": accuracy_score(s["testLabels"], predicted),
                    "macroF1": f1_score(s["testLabels"], predicted, average="macro"),
                    "seconds": fit_seconds,
                }), flush=True)


if __name__ == "__main__":
    main()
