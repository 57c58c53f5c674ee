import datetime

from models import Order, OrderItem, Product


class OutOfStock(Exception):
    pass


def place_order(session, customer_id, placed_on, items):
    # session.begin() commits when the block ends and rolls back when an exception leaves it.
    try:
        with session.begin():
            order = Order(customer_id=customer_id, placed_on=datetime.date.fromisoformat(placed_on),
                          status="pending")
            session.add(order)
            session.flush()
            for product_id, quantity in items:
                product = session.get(Product, product_id)
                if product is None:
                    raise OutOfStock(product_id)
                product.stock = product.stock - quantity
                if product.stock < 0:
                    raise OutOfStock(product_id)
                session.add(OrderItem(order_id=order.id, product_id=product.id, quantity=quantity,
                                      unit_price_cents=product.price_cents))
                session.flush()
    except OutOfStock:
        return False
    return True
