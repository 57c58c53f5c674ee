import sys
from collections import deque

data = sys.stdin.read().split()
R, C = int(data[0]), int(data[1])
g = data[2:2 + R]
dist = {(0, 0): 0} if g[0][0] == "." else {}
q = deque(dist)
while q:
    r, c = q.popleft()
    # bug: diagonal steps are allowed
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            nr, nc = r + dr, c + dc
            if 0 <= nr < R and 0 <= nc < C and g[nr][nc] == "." and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                q.append((nr, nc))
print(dist.get((R - 1, C - 1), -1))
