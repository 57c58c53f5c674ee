# expect: time_limit
# about: waits forever on a threading.Event that nothing sets, with a sleeping helper thread (futex wait, no CPU)
import threading
import time

never = threading.Event()
helper = threading.Thread(target=time.sleep, args=(3600,), daemon=True)
helper.start()
never.wait()
print("LEAK: event wait returned")
