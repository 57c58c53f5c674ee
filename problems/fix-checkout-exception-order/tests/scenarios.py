from verdict import sample


class ScriptedGateway:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def charge(self, order_id, amount):
        self.calls.append((order_id, amount))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


@sample
def test_a_declined_card_shows_its_reason(solution, check):
    gateway = ScriptedGateway(solution.CardDeclined("card expired"))
    check(solution.checkout(gateway, "A-17", 2500))
    gateway = ScriptedGateway(solution.InsufficientFunds(740))
    check(solution.checkout(gateway, "A-18", 2500))


def test_paid_at_the_first_attempt(solution, check):
    gateway = ScriptedGateway("rcpt-001")
    check(solution.checkout(gateway, "B-1", 990))
    check(gateway.calls)


def test_a_timeout_is_retried(solution, check):
    gateway = ScriptedGateway(solution.GatewayTimeout(), "rcpt-002")
    check(solution.checkout(gateway, "B-2", 1200))
    check(gateway.calls)


def test_giving_up_after_the_retries(solution, check):
    gateway = ScriptedGateway(*[solution.GatewayTimeout() for _ in range(5)])
    check(solution.checkout(gateway, "B-3", 50))
    check(len(gateway.calls))
    gateway = ScriptedGateway(solution.GatewayTimeout(), solution.GatewayTimeout(), "late")
    check(solution.checkout(gateway, "B-4", 50))


def test_retries_can_be_set(solution, check):
    gateway = ScriptedGateway(solution.GatewayTimeout(), "never reached")
    check(solution.checkout(gateway, "C-1", 10, retries=0))
    check(len(gateway.calls))
    gateway = ScriptedGateway(*[solution.GatewayTimeout() for _ in range(4)], "rcpt-4")
    check(solution.checkout(gateway, "C-2", 10, retries=4))


def test_declines_are_not_retried(solution, check):
    gateway = ScriptedGateway(solution.CardDeclined("do not honour"), "rcpt")
    check(solution.checkout(gateway, "D-1", 300))
    check(len(gateway.calls))


def test_short_of_funds_after_a_timeout(solution, check):
    gateway = ScriptedGateway(solution.GatewayTimeout(), solution.InsufficientFunds(12))
    check(solution.checkout(gateway, "D-2", 112))
    check(gateway.calls)


def test_any_other_decline_reason(solution, check):
    class CardExpired(solution.CardDeclined):
        def __init__(self):
            super().__init__("expired in 03/25")

    gateway = ScriptedGateway(CardExpired())
    check(solution.checkout(gateway, "D-3", 80))


def test_other_payment_errors_fail_with_their_message(solution, check):
    gateway = ScriptedGateway(solution.PaymentError("fraud check failed"))
    check(solution.checkout(gateway, "E-1", 10000))
    gateway = ScriptedGateway(solution.GatewayTimeout(), solution.PaymentError("merchant suspended"))
    check(solution.checkout(gateway, "E-2", 1))


def test_errors_that_are_not_payment_errors_propagate(solution, check):
    gateway = ScriptedGateway(KeyError("amount"))
    with check.raises():
        solution.checkout(gateway, "F-1", 5)
    check(len(gateway.calls))


def test_the_exception_classes(solution, check):
    declined = solution.InsufficientFunds(3)
    check(str(declined))
    check(declined.reason)
    check(solution.InsufficientFunds.__mro__[1:4])
