import datetime
import json
import re

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from models import Book, Loan, Member

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def loan_json(loan):
    return {
        "id": loan.id,
        "book_id": loan.book_id,
        "member_id": loan.member_id,
        "loaned_on": loan.loaned_on.isoformat(),
        "returned_on": loan.returned_on.isoformat() if loan.returned_on else None,
    }


def check_id(data, field, model, errors):
    """The row `data[field]` names, or None with the field's error recorded."""
    if field not in data:
        errors[field] = "required"
        return None
    value = data[field]
    # bool is a subclass of int, but `true` is not an id.
    if not isinstance(value, int) or isinstance(value, bool):
        errors[field] = "must be an integer"
        return None
    row = model.objects.filter(pk=value).first()
    if row is None:
        errors[field] = "no such %s" % model.__name__.lower()
    return row


def check_date(data, field, errors):
    if field not in data:
        errors[field] = "required"
        return None
    value = data[field]
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    errors[field] = "must be a date (YYYY-MM-DD)"
    return None


@require_POST
def create_loan(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"errors": {"body": "expected a JSON object"}}, status=400)
    errors = {}
    book = check_id(data, "book_id", Book, errors)
    member = check_id(data, "member_id", Member, errors)
    loaned_on = check_date(data, "loaned_on", errors)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    if Loan.objects.filter(book=book, returned_on__isnull=True).exists():
        return JsonResponse({"errors": {"book_id": "already on loan"}}, status=409)
    loan = Loan.objects.create(book=book, member=member, loaned_on=loaned_on)
    response = JsonResponse(loan_json(loan))
    response["Location"] = "/loans/%d/" % loan.id
    return response


@require_GET
def loan_detail(request, loan_id):
    loan = Loan.objects.filter(pk=loan_id).first()
    if loan is None:
        return JsonResponse({"error": "loan not found"}, status=404)
    return JsonResponse(loan_json(loan))


@require_GET
def member_loans(request, member_id):
    if not Member.objects.filter(pk=member_id).exists():
        return JsonResponse({"error": "member not found"}, status=404)
    loans = Loan.objects.filter(member_id=member_id).order_by("loaned_on", "id")
    return JsonResponse({"loans": [loan_json(loan) for loan in loans]})


urlpatterns = [
    path("loans/", create_loan),
    path("loans/<int:loan_id>/", loan_detail),
    path("members/<int:member_id>/loans/", member_loans),
]
