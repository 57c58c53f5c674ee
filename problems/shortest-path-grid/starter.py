# Read "R C" and then R grid lines from stdin (e.g. sys.stdin.read().split()),
# and print the fewest steps from the top-left to the bottom-right cell, or -1.
import sys
