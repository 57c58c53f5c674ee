import sys
from collections import deque

data = sys.stdin.read().split()
R, C = int(data[0]), int(data[1])
g = data[2:2 + R]
if g[0][0] == "#" or g[R - 1][C - 1] == "#":
    print(-1)
else:
    seen = {(0, 0)}
    q = deque([(0, 0, 1)])  # bug: counts cells on the path, not steps
    answer = -1
    while q:
        r, c, d = q.popleft()
        if (r, c) == (R - 1, C - 1):
            answer = d
            break
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < R and 0 <= nc < C and g[nr][nc] == "." and (nr, nc) not in seen:
                seen.add((nr, nc))
                q.append((nr, nc, d + 1))
    print(answer)
