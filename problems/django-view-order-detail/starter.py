from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from models import Order, OrderItem


def order_detail(request, order_id):
    return JsonResponse({"id": order_id})


urlpatterns = [
    path("orders/<int:order_id>/", order_detail),
]
