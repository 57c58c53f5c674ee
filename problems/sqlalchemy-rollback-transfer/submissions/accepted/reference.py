import datetime

from models import Order, OrderItem, Product


def place_order(session, customer_id, placed_on, items):
    order = Order(customer_id=customer_id, placed_on=datetime.date.fromisoformat(placed_on), status="pending")
    session.add(order)
    for product_id, quantity in items:
        product = session.get(Product, product_id)
        if product is None or product.stock < quantity:
            session.rollback()
            return False
        product.stock -= quantity
        order.items.append(OrderItem(product=product, quantity=quantity, unit_price_cents=product.price_cents))
    session.commit()
    return True
