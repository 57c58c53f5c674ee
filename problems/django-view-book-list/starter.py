from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from models import Book, Genre


@require_GET
def book_list(request):
    return JsonResponse({"books": []})


urlpatterns = [
    path("books/", book_list),
]
