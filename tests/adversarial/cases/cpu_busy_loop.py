# expect: time_limit
# time-limit: 1
# about: plain busy loop (while True: pass) on the main thread
while True:
    pass
