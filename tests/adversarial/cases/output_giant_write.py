# expect: output_limit
# about: one 10 MiB write to stdout (10x the 1 MiB stdout limit)
import sys

sys.stdout.write("x" * (10 << 20))
sys.stdout.flush()
