import datetime

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI()


class RoomTaken(Exception):
    """The room is already reserved on that date by another reservation."""


@app.get("/rooms/{room}/reservations")
def room_reservations(room: str):
    return []
