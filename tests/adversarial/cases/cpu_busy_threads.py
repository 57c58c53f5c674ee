# expect: time_limit
# time-limit: 1
# about: four threads busy-looping forever while the main thread joins them
import threading


def spin():
    while True:
        pass


threads = [threading.Thread(target=spin) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
