"""An order's life cycle as a small state machine."""
from decimal import Decimal

TRANSITIONS = {
    "pay": {"new": "paid"},
    "ship": {"paid": "shipped"},
    "deliver": {"shipped": "delivered"},
    "cancel": {"new": "cancelled", "paid": "cancelled"},
}


class IllegalTransition(Exception):
    def __init__(self, action, state):
        super().__init__(f"cannot {action} an order that is {state}")
        self.action = action
        self.state = state


class Order:
    def __init__(self, order_id):
        self.order_id = order_id
        self.state = "new"
        self.history = ["new"]
        self.paid_amount = None
        self.tracking = None

    def _check(self, action):
        if not self.can(action):
            raise IllegalTransition(action, self.state)

    def _move(self, action):
        self.state = TRANSITIONS[action][self.state]
        self.history.append(self.state)

    def _refundable(self):
        return self.state in ("delivered", "cancelled")

    def can(self, action):
        if action == "refund":
            return self._refundable()
        if action not in TRANSITIONS:
            raise ValueError(f"unknown action: {action}")
        return self.state in TRANSITIONS[action]

    @property
    def is_final(self):
        return self.state == "refunded" or (self.state == "cancelled" and self.paid_amount is None)

    def pay(self, amount):
        self._check("pay")
        if not isinstance(amount, Decimal) or amount <= 0:
            raise ValueError("amount must be a positive Decimal")
        self.paid_amount = amount
        self._move("pay")

    def ship(self, tracking):
        self._check("ship")
        if not isinstance(tracking, str) or not tracking.strip():
            raise ValueError("a tracking number is required")
        self.tracking = tracking.strip()
        self._move("ship")

    def deliver(self):
        self._check("deliver")
        self._move("deliver")

    def cancel(self):
        self._check("cancel")
        self._move("cancel")

    def refund(self):
        self._check("refund")
        self.state = "refunded"
        self.history.append("refunded")
        return self.paid_amount
