import datetime

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI()


class RoomTaken(Exception):
    """The room is already reserved on that date by another reservation."""

    def __init__(self, room: str, date: datetime.date, held_by: str):
        self.room = room
        self.date = date
        self.held_by = held_by


class ReservationNotFound(Exception):
    def __init__(self, reservation_id: str):
        self.reservation_id = reservation_id


@app.exception_handler(RoomTaken)
async def room_taken(request: Request, exc: RoomTaken) -> JSONResponse:
    return JSONResponse(
        status_code=409,
        content={"error": "room_taken", "room": exc.room, "date": exc.date.isoformat(), "held_by": exc.held_by},
    )


@app.exception_handler(ReservationNotFound)
async def reservation_not_found(request: Request, exc: ReservationNotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content={"error": "not_found", "id": exc.reservation_id})


class ReservationIn(BaseModel):
    room: str = Field(min_length=1)
    date: datetime.date
    guest: str = Field(min_length=1)


reservations: dict[str, dict] = {}


def book(reservation_id: str, wanted: ReservationIn) -> bool:
    """Stores the reservation under its id; True when the id is new. The domain rule lives
    here, not in the route: a slot held by another reservation raises RoomTaken."""
    for other_id, other in reservations.items():
        if other_id != reservation_id and other["room"] == wanted.room and other["date"] == wanted.date:
            raise RoomTaken(wanted.room, wanted.date, other_id)
    created = reservation_id not in reservations
    reservations[reservation_id] = {"id": reservation_id, **wanted.model_dump()}
    return created


def find(reservation_id: str) -> dict:
    if reservation_id not in reservations:
        raise ReservationNotFound(reservation_id)
    return reservations[reservation_id]


@app.put("/reservations/{reservation_id}")
def put_reservation(reservation_id: str, body: ReservationIn, response: Response):
    response.status_code = 201 if book(reservation_id, body) else 200
    return reservations[reservation_id]


@app.get("/reservations/{reservation_id}")
def get_reservation(reservation_id: str):
    return find(reservation_id)


@app.delete("/reservations/{reservation_id}", status_code=204)
def delete_reservation(reservation_id: str):
    find(reservation_id)
    del reservations[reservation_id]


@app.get("/rooms/{room}/reservations")
def room_reservations(room: str):
    held = [r for r in reservations.values() if r["room"] == room]
    return sorted(held, key=lambda r: r["date"])
