# expect: time_limit
# time-limit: 1
# about: installs a SIGXCPU handler that swallows the soft CPU-limit signal and keeps busy-looping
import signal

caught = 0


def on_xcpu(signum, frame):
    global caught
    caught += 1


signal.signal(signal.SIGXCPU, on_xcpu)
while True:
    pass
