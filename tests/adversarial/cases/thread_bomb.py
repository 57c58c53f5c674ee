# expect: runtime_error
# about: starts parked daemon threads until threading raises RuntimeError (can't start new thread) at the task limit, uncaught
import threading

# Small stacks so the failure comes from the task limit, not from RLIMIT_AS.
threading.stack_size(256 * 1024)
park = threading.Event()
threads = []
while len(threads) < 1000:
    t = threading.Thread(target=park.wait, daemon=True)
    t.start()  # RuntimeError here once the sandbox refuses another thread
    threads.append(t)
print(f"LEAK: started {len(threads)} threads")
