class HandlerError(Exception):
    """Raised by emit() after every handler ran, when some of them raised."""

    def __init__(self, event, errors):
        ...


class EventEmitter:
    def __init__(self):
        ...

    def on(self, event, handler):
        """Subscribes handler; returns a function that unsubscribes this subscription."""
        ...

    def once(self, event, handler):
        """Like on(), but the subscription ends when it is first called."""
        ...

    def off(self, event, handler):
        """Removes every subscription of handler (compared with ==); returns how many."""
        ...

    def emit(self, event, *args, **kwargs):
        """Calls the event's handlers in order; returns how many were called."""
        ...

    def listener_count(self, event):
        ...

    def events(self):
        ...
