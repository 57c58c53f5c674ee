import datetime
import json
import re

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from models import Book, Loan, Member


@require_POST
def create_loan(request):
    return JsonResponse({"errors": {}}, status=400)


urlpatterns = [
    path("loans/", create_loan),
]
