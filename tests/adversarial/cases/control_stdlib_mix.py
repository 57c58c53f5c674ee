# expect: ok
# stdout: {"a": {"x": null, "y": true}, "b": [1, 2, 3]}\n['1', '22', '333']\n11e221bd1b7fc99544f3f765b0c39dd2786e636c3422d6bec026d1ed03884cac\n0.142857142857142857142857142857\n7381/2520\n[('i', 4), ('s', 4)]\n[('a', 'b', 'c'), ('a', 'c', 'b'), ('b', 'a', 'c')]\n
# about: benign control: json, re, hashlib, decimal, fractions, collections and itertools, all deterministic
import collections
import decimal
import fractions
import hashlib
import itertools
import json
import re

doc = json.loads('{"b": [1, 2, 3], "a": {"x": null, "y": true}}')
print(json.dumps(doc, sort_keys=True))
print(re.findall(r"\d+", "a1b22c333"))
print(hashlib.sha256(b"verdict").hexdigest())
decimal.getcontext().prec = 30
print(decimal.Decimal(1) / decimal.Decimal(7))
print(sum(fractions.Fraction(1, n) for n in range(1, 11)))
print(collections.Counter("mississippi").most_common(2))
print(list(itertools.islice(itertools.permutations("abc"), 3)))
