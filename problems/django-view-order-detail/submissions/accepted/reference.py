from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from models import Order, OrderItem


def order_detail(request, order_id):
    # Two queries whatever the order's size: the order joined to its customer, then its items
    # joined to their products.
    items = OrderItem.objects.select_related("product").order_by("id")
    orders = Order.objects.select_related("customer").prefetch_related(Prefetch("items", queryset=items))
    try:
        order = get_object_or_404(orders, pk=order_id)
    except Http404:
        return JsonResponse({"error": "order not found"}, status=404)
    lines = [
        {
            "product": {"id": item.product.id, "name": item.product.name},
            "quantity": item.quantity,
            "unit_price_cents": item.unit_price_cents,
            "line_total_cents": item.quantity * item.unit_price_cents,
        }
        for item in order.items.all()
    ]
    return JsonResponse(
        {
            "id": order.id,
            "placed_on": order.placed_on.isoformat(),
            "status": order.status,
            "customer": {"id": order.customer.id, "name": order.customer.name, "email": order.customer.email},
            "items": lines,
            "total_cents": sum(line["line_total_cents"] for line in lines),
        }
    )


urlpatterns = [
    path("orders/<int:order_id>/", order_detail),
]
