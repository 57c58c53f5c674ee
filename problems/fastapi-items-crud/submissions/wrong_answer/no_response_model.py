from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

app = FastAPI()


class ItemIn(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    tags: list[str] = []
    supplier_cost: float | None = None


class ItemOut(BaseModel):
    id: int
    name: str
    price: float
    tags: list[str]


items: dict[int, dict] = {}
last_id = 0


def find(item_id: int) -> dict:
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    return items[item_id]


@app.post("/items", status_code=201)
def create_item(item: ItemIn, response: Response):
    global last_id
    last_id += 1
    items[last_id] = {"id": last_id, **item.model_dump()}
    response.headers["Location"] = f"/items/{last_id}"
    return items[last_id]


@app.get("/items")
def list_items():
    return [items[item_id] for item_id in sorted(items)]


@app.get("/items/{item_id}")
def get_item(item_id: int):
    return find(item_id)


@app.put("/items/{item_id}")
def replace_item(item_id: int, item: ItemIn):
    find(item_id)
    items[item_id] = {"id": item_id, **item.model_dump()}
    return items[item_id]


@app.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int):
    find(item_id)
    del items[item_id]
