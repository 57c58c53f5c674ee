# expect: memory_limit
# about: a child thread maps 1 MiB regions until mmap fails and keeps them (minus 8 MiB headroom); the main thread then allocates 64 MiB and gets an uncaught MemoryError
import mmap
import threading

SIZE = 1 << 20
hog = []


def grab():
    try:
        while len(hog) < 2048:  # 2 GiB cap: prints LEAK below if nothing stops it
            m = mmap.mmap(-1, SIZE)
            for off in range(0, SIZE, 4096):
                m[off] = 1
            hog.append(m)
    except (OSError, MemoryError):
        # Unmap a few regions (really returning address space) so the main
        # thread still has room to print its traceback.
        for m in hog[-8:]:
            m.close()
        del hog[-8:]


t = threading.Thread(target=grab)
t.start()
t.join()
big = bytearray(64 << 20)  # MemoryError in the main thread, uncaught
print(f"LEAK: thread holds {len(hog)} MiB and main got 64 MiB more")
