# expect: time_limit
# time-limit: 1
# about: ignores SIGXCPU (the soft RLIMIT_CPU warning) and busy-loops forever
import signal

signal.signal(signal.SIGXCPU, signal.SIG_IGN)
while True:
    pass
