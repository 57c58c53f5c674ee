from fastapi import FastAPI, Query

app = FastAPI()

# The shop's catalogue (do not change it). Not in id order.
PRODUCTS = [
    {"id": 15, "name": "Hanabi", "category": "games", "price_cents": 2175},
    {"id": 9, "name": "Middlemarch", "category": "books", "price_cents": 4500},
    {"id": 2, "name": "Solaris", "category": "books", "price_cents": 1275},
    {"id": 11, "name": "Go board", "category": "games", "price_cents": 1650},
    {"id": 23, "name": "Hunky Dory", "category": "music", "price_cents": 5375},
    {"id": 3, "name": "Emma", "category": "books", "price_cents": 4725},
    {"id": 13, "name": "Catan", "category": "games", "price_cents": 2375},
    {"id": 10, "name": "Chess set", "category": "games", "price_cents": 3650},
    {"id": 4, "name": "Ulysses", "category": "books", "price_cents": 3350},
    {"id": 20, "name": "Abbey Road", "category": "music", "price_cents": 2575},
    {"id": 24, "name": "Low", "category": "music", "price_cents": 5525},
    {"id": 1, "name": "Dune", "category": "books", "price_cents": 1650},
    {"id": 14, "name": "Azul", "category": "games", "price_cents": 3425},
    {"id": 5, "name": "Beloved", "category": "books", "price_cents": 2625},
    {"id": 21, "name": "Revolver", "category": "music", "price_cents": 3825},
    {"id": 18, "name": "Kind of Blue", "category": "music", "price_cents": 4925},
    {"id": 16, "name": "Dixit", "category": "games", "price_cents": 1750},
    {"id": 22, "name": "Blonde on Blonde", "category": "music", "price_cents": 4800},
    {"id": 17, "name": "Patchwork", "category": "games", "price_cents": 2100},
    {"id": 19, "name": "Blue Train", "category": "music", "price_cents": 1250},
    {"id": 12, "name": "Carcassonne", "category": "games", "price_cents": 3550},
    {"id": 7, "name": "Walden", "category": "books", "price_cents": 1750},
    {"id": 25, "name": "Pet Sounds", "category": "music", "price_cents": 1600},
    {"id": 6, "name": "Hamlet", "category": "books", "price_cents": 2025},
    {"id": 8, "name": "Ivanhoe", "category": "books", "price_cents": 3625},
]


@app.get("/products")
def list_products(
    limit: int = Query(10, ge=1, le=100),
    offset: int = Query(0, ge=0),
    category: str | None = None,
):
    matching = sorted(
        (product for product in PRODUCTS if category is None or product["category"] == category),
        key=lambda product: product["id"],
    )
    return {
        "items": matching[offset * limit : offset * limit + limit],  # the offset-th page
        "total": len(matching),
        "limit": limit,
        "offset": offset,
    }
