class PaymentError(Exception):
    pass


class GatewayTimeout(PaymentError):
    pass


class CardDeclined(PaymentError):
    def __init__(self, reason):
        super().__init__(f"card declined: {reason}")
        self.reason = reason


class InsufficientFunds(CardDeclined):
    def __init__(self, shortfall):
        super().__init__("insufficient funds")
        self.shortfall = shortfall


def checkout(gateway, order_id, amount, retries=2):
    attempts = 0
    while True:
        attempts += 1
        try:
            receipt = gateway.charge(order_id, amount)
        except GatewayTimeout:
            if attempts > retries:
                return {"status": "failed", "message": "gateway timed out", "attempts": attempts}
            continue
        except PaymentError as exc:
            return {"status": "failed", "message": str(exc), "attempts": attempts}
        except CardDeclined as exc:
            return {"status": "declined", "reason": exc.reason, "attempts": attempts}
        except InsufficientFunds as exc:
            return {
                "status": "declined",
                "reason": "insufficient funds",
                "shortfall": exc.shortfall,
                "attempts": attempts,
            }
        return {"status": "paid", "receipt": receipt, "attempts": attempts}
