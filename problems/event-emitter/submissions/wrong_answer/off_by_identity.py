class HandlerError(Exception):
    def __init__(self, event, errors):
        super().__init__(f"{len(errors)} handler(s) failed for {event!r}")
        self.event = event
        self.errors = errors


class _Subscription:
    __slots__ = ("handler", "once", "active")

    def __init__(self, handler, once):
        self.handler = handler
        self.once = once
        self.active = True


class EventEmitter:
    def __init__(self):
        self._subscriptions = {}

    def _subscribe(self, event, handler, once):
        if not callable(handler):
            raise TypeError("handler must be callable")
        subscription = _Subscription(handler, once)
        self._subscriptions.setdefault(event, []).append(subscription)

        def unsubscribe():
            return self._drop(event, subscription)

        return unsubscribe

    def _drop(self, event, subscription):
        if not subscription.active:
            return False
        subscription.active = False
        subscriptions = self._subscriptions[event]
        subscriptions.remove(subscription)
        if not subscriptions:
            del self._subscriptions[event]
        return True

    def on(self, event, handler):
        return self._subscribe(event, handler, once=False)

    def once(self, event, handler):
        return self._subscribe(event, handler, once=True)

    def off(self, event, handler):
        matching = [s for s in self._subscriptions.get(event, []) if s.handler is handler]
        for subscription in matching:
            self._drop(event, subscription)
        return len(matching)

    def emit(self, event, *args, **kwargs):
        # A snapshot: handlers added during this emit wait for the next one; handlers removed
        # before their turn are skipped through their `active` flag.
        called = 0
        errors = []
        for subscription in list(self._subscriptions.get(event, [])):
            if not subscription.active:
                continue
            if subscription.once:
                self._drop(event, subscription)
            called += 1
            try:
                subscription.handler(*args, **kwargs)
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise HandlerError(event, errors)
        return called

    def listener_count(self, event):
        return len(self._subscriptions.get(event, []))

    def events(self):
        return sorted(self._subscriptions)
