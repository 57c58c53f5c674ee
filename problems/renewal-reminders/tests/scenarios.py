from datetime import date

from verdict import sample

HEADER = "customer_id,name,email,plan,renews_on,auto_renew,status\n"


def row(customer_id, renews_on, name="Pat Doe", email=None, plan="Pro", auto="yes", status="active"):
    return {"customer_id": customer_id, "name": name, "email": email or customer_id.lower() + "@example.com",
            "plan": plan, "renews_on": renews_on, "auto_renew": auto, "status": status}


@sample
def test_nightly_run(solution, check):
    export = ("customer_id,name,email,plan,renews_on,auto_renew,status\n"
              "C1,Ada Lovelace,ada@example.com,Pro,2026-12-04,yes,active\n"
              "C2,bob,bob@example.com,Basic,2026-12-10,no,active\n"
              "C3,Cy,cy.example.com,Pro,2026-12-05,yes,active\n")
    messages, summary = solution.renewal_reminders(export, date(2026, 12, 3))
    check(messages)
    check(summary)


def test_window_edges(solution, check):
    today = date(2026, 12, 3)
    rows = [row("A", "2026-12-02"), row("B", "2026-12-03"), row("C", "2026-12-04"), row("D", "2026-12-10"),
            row("E", "2026-12-11"), row("F", "2027-01-01")]
    messages, summary = solution.renewal_reminders(rows, today)
    check(messages)
    check(summary)
    check(solution.renewal_reminders(rows, today, days=0))
    check(solution.renewal_reminders(rows, today, days=1)[0])
    check(solution.renewal_reminders(rows, today, days=29)[1])


def test_order_of_messages(solution, check):
    rows = [row("9", "2026-12-05", name="zoe Z"), row("2", "2026-12-05", name="Adam"), row("3", "2026-12-04", name="Yan"),
            row("1", "2026-12-05", name="adam"), row("4", "2026-12-05", name="ADAM"), row("5", "2026-12-05", name="Émile"),
            row("6", "2026-12-05", name="Ärne")]
    messages, _ = solution.renewal_reminders(rows, date(2026, 12, 3))
    check(messages)


def test_manual_renewals_and_wording(solution, check):
    today = date(2026, 2, 25)
    rows = [row("M1", "2026-02-25", auto="no", plan="Team"), row("M2", "2026-02-26", auto="NO", name=""),
            row("M3", "2026-03-01", auto="No", name="   Lee   Chan  "), row("A1", "2026-03-04", auto="Yes", plan="Pro Max")]
    messages, summary = solution.renewal_reminders(rows, today)
    check(messages)
    check(summary)


def test_skips_and_inactive(solution, check):
    rows = [row("A", "2026-12-04"), row("A", "2026-12-04", name="Again"), row("B", "2026-12-04", status="cancelled"),
            row("C", "2026-12-04", status="Paused"), row("D", "2026-12-4"), row("E", "tomorrow"),
            row("F", "2026-12-04", email="f.example.com"), row("G", "2026-12-04", email=" "), row("H", "2026-12-04", auto="maybe"),
            row("I", "2026-12-04", status="ACTIVE"), row("B", "2026-12-05"), row("J", "2026-12-01", status="cancelled"),
            row("K", "2026-11-30"), row("L", "2026-02-30")]
    messages, summary = solution.renewal_reminders(rows, date(2026, 12, 3))
    check(messages)
    check(summary)


def test_csv_text_with_quotes_spaces_and_extra_columns(solution, check):
    text = ("region,customer_id,name,email,plan,renews_on,auto_renew,status,notes\r\n"
            'eu, C10 ,"Jane ""JJ"" Smith", jane@example.com ,Pro, 2026-12-06 , yes , active ,"called, twice"\r\n'
            "us,C11,Bo,bo@example.com,Basic,2026-12-07,no,active\r\n"
            "\r\n"
            "us,C12,Al,al@example.com,Basic,2026-12-08,no,active,\r\n")
    messages, summary = solution.renewal_reminders(text, date(2026, 12, 3), days=5)
    check(messages)
    check(summary)


def test_empty_inputs(solution, check):
    check(solution.renewal_reminders([], date(2026, 1, 1)))
    check(solution.renewal_reminders(HEADER, date(2026, 1, 1)))
    check(solution.renewal_reminders(iter([row("X", "2026-01-01")]), date(2026, 1, 1), days=0))


def test_days_validation(solution, check):
    for days in [-1, 1.5, True, "7", None]:
        with check.raises(label=repr(days)):
            solution.renewal_reminders([], date(2026, 1, 1), days)


def test_year_end_and_leap_day(solution, check):
    today = date(2027, 12, 29)
    rows = [row("Y1", "2027-12-31"), row("Y2", "2028-01-01", auto="no"), row("Y3", "2028-01-05"),
            row("Y4", "2028-02-29")]
    check(solution.renewal_reminders(rows, today))
    check(solution.renewal_reminders(rows, date(2028, 2, 22))[0])


def test_a_real_night(solution, check):
    plans = ["Basic", "Pro", "Team"]
    rows = []
    for i in range(400):
        status = "cancelled" if i % 11 == 0 else "active"
        auto = "yes" if i % 3 else "no"
        day = date(2026, 12, 1 + i % 28).isoformat()
        rows.append(row("C%03d" % i, day, name="Customer %03d" % (i * 37 % 400), plan=plans[i % 3], auto=auto,
                        status=status))
    messages, summary = solution.renewal_reminders(rows, date(2026, 12, 10), days=3)
    check(len(messages))
    check(messages[:3])
    check(messages[-1])
    check(summary)
