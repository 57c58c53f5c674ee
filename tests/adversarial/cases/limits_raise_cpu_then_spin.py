# expect: time_limit
# time-limit: 1
# about: tries to lift RLIMIT_CPU (errors ignored), ignores SIGXCPU, then busy-loops forever
import resource
import signal

for limits in ((resource.RLIM_INFINITY, resource.RLIM_INFINITY), (3600, 3600)):
    try:
        resource.setrlimit(resource.RLIMIT_CPU, limits)
    except (ValueError, OSError):
        pass
signal.signal(signal.SIGXCPU, signal.SIG_IGN)
while True:
    pass
